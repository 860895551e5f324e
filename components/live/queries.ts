"use client";
/**
 * The live console's client data layer: one query-key factory, one hook per query and per mutation,
 * one error parser. Alerts live in the react-query cache (an AlertFeed per deployment, see
 * alert-feed.ts), fed by the live stream and reconciled with the server; responses are parsed with the
 * contract's schemas, never cast.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api, ApiRequestError } from "@/lib/client/api";
import type { listLiveDeployments } from "@/lib/live/list-live-deployments";
import { applyStreamAlert, emptyFeed, mergeServerRows, reconcileOpenAlerts, type AlertFeed } from "./alert-feed";
import { alertViewSchema, liveScopeSchema, type AlertOutcome, type AlertView, type LiveScope, type RejectReason } from "./contract";

export type LiveDeployment = Awaited<ReturnType<typeof listLiveDeployments>>[number];
export type Feed = AlertFeed<AlertView>;

export const liveKeys = {
  all: ["live"] as const,
  deployments: () => [...liveKeys.all, "deployments"] as const,
  scope: (deploymentId: string) => [...liveKeys.all, "scope", deploymentId] as const,
  alerts: (deploymentId: string) => [...liveKeys.all, "alerts", deploymentId] as const,
};

/** The one place the console turns a failure into words. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiRequestError) return e.requestId ? `${e.message} (request ${e.requestId})` : e.message;
  if (e instanceof z.ZodError) return "The server sent data this page does not understand; reload the page.";
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}

export const PAGE = 50;
/** How many open alerts a reconciliation reads at most. */
export const OPEN_LIMIT = 100;

const alertPageSchema = z.object({ alerts: z.array(alertViewSchema), nextBefore: z.string().nullable() });
const alertResponseSchema = z.object({ alert: alertViewSchema });

async function get<S extends z.ZodType>(schema: S, path: string, init?: Parameters<typeof api>[1]): Promise<z.infer<S>> {
  return schema.parse(await api<unknown>(path, init));
}

export function useLiveDeployments() {
  return useQuery({
    queryKey: liveKeys.deployments(),
    queryFn: () => api<{ deployments: LiveDeployment[] }>("/api/live/deployments"),
  });
}

/** What the server says is in force now; kept current by `deployment.changed` events. */
export function useLiveScope(deploymentId: string, initial?: LiveScope | null) {
  return useQuery({
    queryKey: liveKeys.scope(deploymentId),
    initialData: initial ?? undefined,
    queryFn: () => get(liveScopeSchema, `/api/live/deployments/${deploymentId}/scope`),
    staleTime: Infinity,
    retry: 1,
  });
}

/** A scope from the stream replaces the cached one unless it is older. */
export function putScope(qc: QueryClient, scope: LiveScope) {
  qc.setQueryData<LiveScope>(liveKeys.scope(scope.deploymentId), (old) => (old && old.version > scope.version ? old : scope));
}

export function putAlert(qc: QueryClient, alert: AlertView, at = Date.now()) {
  qc.setQueryData<Feed>(liveKeys.alerts(alert.deploymentId), (f) => applyStreamAlert(f, alert, at));
}

/**
 * The alert feed of a deployment, as the cache holds it. It is filled only by the live stream, by
 * loadNewestAlerts, reconcileAlerts and the mutations below (never by a background refetch that
 * could race the stream).
 */
export function useAlertFeed(deploymentId: string) {
  return useQuery({
    queryKey: liveKeys.alerts(deploymentId),
    queryFn: () => emptyFeed<AlertView>(),
    enabled: false,
    staleTime: Infinity,
  });
}

/** The newest page of alerts, merged into whatever the stream already delivered. */
export async function loadNewestAlerts(qc: QueryClient, deploymentId: string) {
  const requestedAt = Date.now();
  const page = await get(alertPageSchema, `/api/alerts?deploymentId=${deploymentId}&limit=${PAGE}`);
  qc.setQueryData<Feed>(liveKeys.alerts(deploymentId), (f) => {
    const { feed } = mergeServerRows(f, page.alerts, requestedAt);
    return { ...feed, olderBefore: f?.olderBefore ?? page.nextBefore };
  });
}

export function useLoadOlderAlerts(deploymentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (before: string) => {
      const requestedAt = Date.now();
      return { requestedAt, page: await get(alertPageSchema, `/api/alerts?deploymentId=${deploymentId}&limit=${PAGE}&before=${encodeURIComponent(before)}`) };
    },
    onSuccess: ({ requestedAt, page }) =>
      qc.setQueryData<Feed>(liveKeys.alerts(deploymentId), (f) => ({ ...mergeServerRows(f, page.alerts, requestedAt).feed, olderBefore: page.nextBefore })),
  });
}

async function readOpenAlerts(deploymentId: string): Promise<AlertView[]> {
  try {
    return (await get(alertPageSchema, `/api/alerts?deploymentId=${deploymentId}&status=open&limit=${OPEN_LIMIT}`)).alerts;
  } catch (e) {
    if (!(e instanceof ApiRequestError) || e.status !== 400) throw e;
    // A server without the "open" filter: ask for each open status.
    const [pending, awaiting] = await Promise.all(
      ["PENDING", "AWAITING_SECOND"].map((s) => get(alertPageSchema, `/api/alerts?deploymentId=${deploymentId}&status=${s}&limit=${OPEN_LIMIT}`)),
    );
    return [...pending.alerts, ...awaiting.alerts];
  }
}

/**
 * Compares the open alerts on screen with the server's and fills the gaps: open alerts the stream
 * dropped are added, alerts whose decision was missed are read again. Returns the alerts that were
 * added (the caller announces them as new).
 */
export async function reconcileAlerts(qc: QueryClient, deploymentId: string): Promise<AlertView[]> {
  const requestedAt = Date.now();
  const open = await readOpenAlerts(deploymentId);
  let filled: string[] = [];
  let stale: string[] = [];
  qc.setQueryData<Feed>(liveKeys.alerts(deploymentId), (f) => {
    const r = reconcileOpenAlerts(f, open, requestedAt, OPEN_LIMIT);
    filled = r.filled;
    stale = r.stale;
    return r.feed;
  });
  if (stale.length > 0) {
    const rows = await Promise.all(stale.map((id) => get(alertResponseSchema, `/api/alerts/${id}`).then((r) => r.alert)));
    qc.setQueryData<Feed>(liveKeys.alerts(deploymentId), (f) => mergeServerRows(f, rows, requestedAt).feed);
  }
  const feed = qc.getQueryData<Feed>(liveKeys.alerts(deploymentId));
  return filled.map((id) => feed?.byId[id]).filter((a): a is AlertView => !!a);
}

export type Decision = { decision: "CONFIRM" } | { decision: "REJECT"; reason: RejectReason; note?: string };

function useAlertMutation<V>(path: (v: V) => string, body: (v: V) => unknown) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: V) => (await get(alertResponseSchema, path(v), { method: "POST", json: body(v) })).alert,
    onSuccess: (alert) => putAlert(qc, alert),
  });
}

export function useAdjudicateAlert() {
  return useAlertMutation<{ alert: AlertView; decision: Decision }>(
    ({ alert }) => `/api/alerts/${alert.id}/adjudicate`,
    ({ alert, decision }) => ({ ...decision, ...(alert.isTest ? { isTest: true } : {}) }),
  );
}

export function useRecordOutcome() {
  return useAlertMutation<{ alert: AlertView; outcome: AlertOutcome }>(
    ({ alert }) => `/api/alerts/${alert.id}/outcome`,
    ({ outcome }) => ({ outcome }),
  );
}

export function useUndoDecision() {
  return useAlertMutation<{ alertId: string }>(
    ({ alertId }) => `/api/alerts/${alertId}/undo`,
    () => ({}),
  );
}
