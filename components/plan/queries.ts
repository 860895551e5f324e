"use client";
/**
 * The planning page's client data layer: one query-key factory, one hook per query and per
 * mutation. Responses are parsed with the contract's schemas (lib/zones, lib/deployments,
 * lib/intel *-schemas.ts), never cast; failures come through lib/client/api.ts's one parser.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiParse } from "@/lib/client/api";
import {
  deploymentDetailResponseSchema,
  deploymentListResponseSchema,
  deploymentSavedResponseSchema,
  deploymentStepResponseSchema,
  type CameraView,
  type DeploymentDetail,
  type DeploymentInput,
} from "@/lib/deployments/deployment-schemas";
import { stepPath, type DeploymentStep } from "@/lib/deployments/deployment-steps";
import { rosterView, type RosterView } from "@/lib/deployments/roster-schemas";
import { facetsResponseSchema, gridResponseSchema, rankingResponseSchema } from "@/lib/intel/intel-schemas";
import type { CurrentUser } from "@/lib/auth/current-user";
import { zoneListResponseSchema, zoneResponseSchema, type ZoneInput } from "@/lib/zones/zone-schemas";

export type { DeploymentDetail, DeploymentListItem, CameraView } from "@/lib/deployments/deployment-schemas";
export type { ZoneListItem, Ring } from "@/lib/zones/zone-schemas";
export type { FacetsResponse, RankingResponse, GridResponse, ImportResult } from "@/lib/intel/intel-schemas";

/** The signed-in user as the planning page knows them. */
export type PlanUser = Pick<CurrentUser, "id" | "name" | "role">;

/** The deployment form reads the watchlists' sizes through the watchlists' own client module. */
export { useWatchlists as useWatchlistSummaries, type WatchlistSummary } from "@/components/watchlists/queries";

/** A camera being edited in the application form: the server's camera before it has an id. */
export type CameraDraft = Omit<CameraView, "id" | "whepUrl"> & { id?: string; whepUrl?: string | null };

export const planKeys = {
  all: ["plan"] as const,
  zones: () => [...planKeys.all, "zones"] as const,
  deployments: () => [...planKeys.all, "deployments"] as const,
  deploymentList: (page: number, status: string) => [...planKeys.deployments(), "list", page, status] as const,
  deployment: (id: string) => [...planKeys.deployments(), "detail", id] as const,
  roster: (id: string) => [...planKeys.deployments(), "roster", id] as const,
  intel: () => [...planKeys.all, "intel"] as const,
  facets: () => [...planKeys.intel(), "facets"] as const,
  ranking: (month: string, importId: string) => [...planKeys.intel(), "ranking", month, importId] as const,
  grid: (params: string) => [...planKeys.intel(), "grid", params] as const,
};

// ───────────────────────────── Zones ─────────────────────────────

export function useZones() {
  return useQuery({ queryKey: planKeys.zones(), queryFn: () => apiParse(zoneListResponseSchema, "/api/zones") });
}

export function useSaveZone(zoneId: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ZoneInput) =>
      apiParse(zoneResponseSchema, zoneId ? `/api/zones/${zoneId}` : "/api/zones", { method: zoneId ? "PUT" : "POST", json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: planKeys.zones() }),
  });
}

export function useArchiveZone(zoneId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiParse(zoneResponseSchema, `/api/zones/${zoneId}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: planKeys.zones() }),
  });
}

// ───────────────────────────── Deployments ─────────────────────────────

export function useDeploymentList(page: number, pageSize: number, status: string) {
  return useQuery({
    queryKey: planKeys.deploymentList(page, status),
    queryFn: () =>
      apiParse(
        deploymentListResponseSchema,
        `/api/deployments?${new URLSearchParams({ page: String(page + 1), pageSize: String(pageSize), ...(status ? { status } : {}) })}`,
      ),
  });
}

export function useDeployment(id: string | null) {
  return useQuery({
    queryKey: planKeys.deployment(id ?? ""),
    queryFn: () => apiParse(deploymentDetailResponseSchema, `/api/deployments/${id}`).then((r) => r.deployment),
    enabled: !!id,
  });
}

function invalidateDeployment(qc: QueryClient, id: string) {
  return Promise.all([qc.invalidateQueries({ queryKey: planKeys.deployments() }), qc.invalidateQueries({ queryKey: planKeys.deployment(id) })]);
}

/** POST (new) or PUT (edit) an application. The body is what the form built; the server validates it. */
export function useSaveDeployment(existingId: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<DeploymentInput>) =>
      apiParse(deploymentSavedResponseSchema, existingId ? `/api/deployments/${existingId}` : "/api/deployments", {
        method: existingId ? "PUT" : "POST",
        json: body,
      }),
    onSuccess: (r) => invalidateDeployment(qc, r.deployment.id),
  });
}

/** One lifecycle step (lib/deployments/deployment-steps.ts) on one deployment. */
export function useDeploymentStep(deployment: Pick<DeploymentDetail, "id">) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ step, body }: { step: Exclude<DeploymentStep, "edit">; body: Record<string, unknown> }) =>
      apiParse(deploymentStepResponseSchema, `/api/deployments/${deployment.id}/${stepPath(step)}`, { method: "POST", json: body }),
    onSuccess: () => invalidateDeployment(qc, deployment.id),
  });
}

export function useRoster(deploymentId: string) {
  return useQuery({
    queryKey: planKeys.roster(deploymentId),
    queryFn: () => apiParse(z.object({ roster: rosterView }), `/api/deployments/${deploymentId}/roster`).then((r) => r.roster),
  });
}

export function useChangeRoster(deploymentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, add }: { userId: string; add: boolean }) =>
      apiParse(
        z.object({ roster: rosterView }),
        add ? `/api/deployments/${deploymentId}/roster` : `/api/deployments/${deploymentId}/roster/${userId}`,
        add ? { method: "POST", json: { userId } } : { method: "DELETE" },
      ),
    onSuccess: (r) => qc.setQueryData<RosterView>(planKeys.roster(deploymentId), r.roster),
  });
}

// ───────────────────────────── Intelligence ─────────────────────────────

export function useCrimeFacets() {
  return useQuery({ queryKey: planKeys.facets(), queryFn: () => apiParse(facetsResponseSchema, "/api/intel/facets") });
}

export function useZoneRanking(month: string, importId: string) {
  return useQuery({
    queryKey: planKeys.ranking(month, importId),
    queryFn: () =>
      apiParse(rankingResponseSchema, `/api/intel/ranking?${new URLSearchParams({ ...(month ? { month } : {}), ...(importId ? { importId } : {}) })}`),
  });
}

/** The heat layer's grid for the map view; null params: nothing to show. */
export function useCrimeGrid(params: URLSearchParams | null) {
  return useQuery({
    queryKey: planKeys.grid(params?.toString() ?? ""),
    queryFn: () => apiParse(gridResponseSchema, `/api/intel/grid?${params}`),
    enabled: !!params,
    placeholderData: (prev) => prev,
  });
}

/** After an import: facets, ranking and grid all change. */
export function invalidateIntel(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: planKeys.intel() });
}
