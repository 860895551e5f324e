"use client";
/**
 * The Oversight page's client data layer: query keys, one hook per query and per mutation,
 * responses parsed with lib/audit/audit-schemas.ts and lib/reports/report-schemas.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiParse } from "@/lib/client/api";
import { auditEventsResponseSchema, checkpointResponseSchema, verifyResponseSchema } from "@/lib/audit/audit-schemas";
import { deploymentRecordResponseSchema, retentionReportSchema, retentionRunResponseSchema } from "@/lib/reports/report-schemas";

export type { AuditEventView, VerifyResponse } from "@/lib/audit/audit-schemas";
export type { DeploymentRecordResponse, RetentionReport } from "@/lib/reports/report-schemas";

export const oversightKeys = {
  all: ["oversight"] as const,
  audit: () => [...oversightKeys.all, "audit"] as const,
  auditPage: (params: string) => [...oversightKeys.audit(), params] as const,
  deploymentRecord: () => [...oversightKeys.all, "deployments"] as const,
  retention: () => [...oversightKeys.all, "retention"] as const,
};

/** One keyset page of the audit trail for the filter and position in `params`. */
export function useAuditEvents(params: URLSearchParams) {
  return useQuery({
    queryKey: oversightKeys.auditPage(params.toString()),
    queryFn: () => apiParse(auditEventsResponseSchema, `/api/audit/events?${params}`),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAuditTrail() {
  return useMutation({ mutationFn: () => apiParse(verifyResponseSchema, "/api/audit/verify", { method: "POST" }) });
}

export function useWriteCheckpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiParse(checkpointResponseSchema, "/api/audit/checkpoints", { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: oversightKeys.audit() }),
  });
}

export function useDeploymentRecord() {
  return useQuery({ queryKey: oversightKeys.deploymentRecord(), queryFn: () => apiParse(deploymentRecordResponseSchema, "/api/oversight/deployments") });
}

export function useRetentionReport() {
  return useQuery({ queryKey: oversightKeys.retention(), queryFn: () => apiParse(retentionReportSchema, "/api/oversight/retention") });
}

export function useRunRetention() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiParse(retentionRunResponseSchema, "/api/retention/run", { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: oversightKeys.all }),
  });
}
