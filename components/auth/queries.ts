"use client";
/**
 * The account page's client data layer: query keys, one hook per query and per mutation,
 * responses parsed with lib/auth/account-schemas.ts (never cast), failures through lib/client/api.ts.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import {
  ownSessionsResponseSchema,
  passwordChangedResponseSchema,
  sessionEndedResponseSchema,
  totpEnrolmentConfirmedResponseSchema,
  totpEnrolmentStartedResponseSchema,
  type PasswordChangedResponse,
  type TotpEnrolmentConfirmedResponse,
  type TotpEnrolmentStartedResponse,
} from "@/lib/auth/account-schemas";
import { apiParse } from "@/lib/client/api";

export type { AccountSecurityView, OwnSession } from "@/lib/auth/account-schemas";

export const accountKeys = {
  all: ["account"] as const,
  sessions: () => [...accountKeys.all, "sessions"] as const,
};

export function useOwnSessions() {
  return useQuery({ queryKey: accountKeys.sessions(), queryFn: () => apiParse(ownSessionsResponseSchema, "/api/account/sessions") });
}

/** Ends one of the user's sessions; ending this one signs out here. */
export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiParse(sessionEndedResponseSchema, `/api/account/sessions/${id}`, { method: "DELETE" }),
    onSuccess: async (r) => {
      if (r.current) await signOut({ callbackUrl: "/signin" });
      else await qc.invalidateQueries({ queryKey: accountKeys.sessions() });
    },
  });
}

/** Starts (or, with the current code, restarts) authenticator enrolment: a new secret and its QR code. */
export function useStartTotpEnrolment(onStarted: (started: TotpEnrolmentStartedResponse) => void) {
  return useMutation({
    mutationFn: (code?: string) =>
      apiParse(totpEnrolmentStartedResponseSchema, "/api/account/second-factor/enrol", { method: "POST", json: code ? { code } : {} }),
    onSuccess: onStarted,
  });
}

/** Confirms enrolment with the app's first code; answers with the recovery codes (shown once). */
export function useConfirmTotpEnrolment(onConfirmed: (r: TotpEnrolmentConfirmedResponse) => void) {
  return useMutation({
    mutationFn: (code: string) => apiParse(totpEnrolmentConfirmedResponseSchema, "/api/account/second-factor/confirm", { method: "POST", json: { code } }),
    onSuccess: onConfirmed,
  });
}

export function useChangePassword(onChanged: (r: PasswordChangedResponse) => void) {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      apiParse(passwordChangedResponseSchema, "/api/account/password", { method: "POST", json: body }),
    onSuccess: onChanged,
  });
}
