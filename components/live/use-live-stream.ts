"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { benchHook } from "@/lib/live-client/bench-hook";
import { subscribeLiveEvents } from "@/lib/live-client/live-events";
import { alertViewSchema, countsEventSchema, deploymentChangedEventSchema, type AlertView } from "./contract";
import { errorMessage, liveKeys, loadNewestAlerts, putAlert, putScope, reconcileAlerts } from "./queries";

/** How often the console compares its open alerts with the server's, besides after every (re)connect. */
export const RECONCILE_MS = 30_000;

export interface LiveStreamState {
  connected: boolean;
  /** The newest alerts have been read (after the stream opened, so none falls between the two). */
  loaded: boolean;
  facesProcessed: number | null;
  /** cameraId → the scope version its station last reported (absent: not reported). */
  stationScopes: Record<string, number | null>;
  lastReconciledAt: number | null;
  /** Alerts the last reconciliations found missing on screen (and added). */
  gapsFilled: number;
  error: string | null;
}

/**
 * Subscribes the console to its deployment's live stream: alerts and scope changes go into the
 * react-query cache (parsed with the contract's schemas), and after every (re)connect and every
 * RECONCILE_MS the open alerts are reconciled with the server. `onNewAlert` is called for each alert
 * that is new to this screen (from the stream, or found missing by a reconciliation).
 */
export function useLiveStream(deploymentId: string, onNewAlert: (alert: AlertView) => void): LiveStreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveStreamState>({
    connected: false,
    loaded: false,
    facesProcessed: null,
    stationScopes: {},
    lastReconciledAt: null,
    gapsFilled: 0,
    error: null,
  });
  const notify = useRef(onNewAlert);
  useEffect(() => {
    notify.current = onNewAlert;
  }, [onNewAlert]);

  useEffect(() => {
    let disposed = false;
    let opens = 0;
    const patch = (p: Partial<LiveStreamState> | ((s: LiveStreamState) => Partial<LiveStreamState>)) => {
      if (!disposed) setState((s) => ({ ...s, ...(typeof p === "function" ? p(s) : p) }));
    };
    const reconcile = async (announce: boolean) => {
      try {
        const filled = await reconcileAlerts(qc, deploymentId);
        if (disposed) return;
        if (announce) filled.forEach((a) => notify.current(a));
        patch((s) => ({ lastReconciledAt: Date.now(), gapsFilled: s.gapsFilled + (announce ? filled.length : 0), error: null }));
      } catch (e) {
        patch({ error: `Could not check the alert list: ${errorMessage(e)}` });
      }
    };
    const unsubscribe = subscribeLiveEvents(deploymentId, {
      onStatus: (connected) => patch({ connected }),
      onOpen: () => {
        opens++;
        if (opens === 1)
          loadNewestAlerts(qc, deploymentId)
            .then(() => patch({ loaded: true }))
            .catch((e) => patch({ error: `Could not load alerts: ${errorMessage(e)}` }));
        // The first reconciliation loads what was open before this page; later ones fill gaps.
        void reconcile(opens > 1);
        if (opens > 1) void qc.invalidateQueries({ queryKey: liveKeys.scope(deploymentId) });
      },
      onEvent: (type, data) => {
        const t = type as string;
        if (t === "alert.created" || t === "alert.updated") {
          const parsed = alertViewSchema.safeParse(data);
          if (!parsed.success) return void reconcile(true);
          const known = qc.getQueryData<{ byId: Record<string, AlertView> }>(liveKeys.alerts(deploymentId))?.byId[parsed.data.id];
          putAlert(qc, parsed.data);
          if (t === "alert.created" && !known) {
            benchHook()?.shown.push({ subject: parsed.data.subjectReference, shownAt: Date.now() });
            notify.current(parsed.data);
          }
        } else if (t === "counts") {
          const parsed = countsEventSchema.safeParse(data);
          if (!parsed.success) return;
          const { cameraId, facesProcessed, scopeVersion } = parsed.data;
          patch((s) => ({
            facesProcessed,
            stationScopes: cameraId && scopeVersion !== undefined ? { ...s.stationScopes, [cameraId]: scopeVersion } : s.stationScopes,
          }));
        } else if (t === "deployment.changed") {
          const parsed = deploymentChangedEventSchema.safeParse(data);
          if (parsed.success) putScope(qc, parsed.data.scope);
          else void qc.invalidateQueries({ queryKey: liveKeys.scope(deploymentId) });
        }
      },
    });
    // Now and then: reconcile alerts, and re-read the scope in case a change event was missed.
    const tick = setInterval(() => {
      void reconcile(true);
      void qc.invalidateQueries({ queryKey: liveKeys.scope(deploymentId) });
    }, RECONCILE_MS);
    return () => {
      disposed = true;
      clearInterval(tick);
      unsubscribe();
    };
  }, [deploymentId, qc]);

  return state;
}
