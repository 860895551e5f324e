"use client";
import { useCallback, useMemo, useState } from "react";
import { UNDO_SECONDS, type AlertView } from "./contract";
import { errorMessage, useUndoDecision } from "./queries";

export interface UndoToast {
  key: string;
  alertId: string;
  text: string;
  /** Client clock (ms) until which the decision can be undone. */
  until: number;
  state: "open" | "undoing" | "undone" | "final" | "failed";
  error?: string;
}

/** How long a toast stays after it became final or was undone. */
const LINGER_MS = 2500;

/** The latest decision that can still be undone (the `u` key undoes it). */
export const latestUndoable = (toasts: UndoToast[], now: number) => [...toasts].reverse().find((t) => t.state === "open" && t.until > now) ?? null;

/**
 * One toast per decision this operator made, with its undo countdown. The server's `undoableUntil`
 * sets the deadline when it sends one (else UNDO_SECONDS from now); when it passes, the decision is final.
 */
export function useUndoToasts(now: number) {
  const [toasts, setToasts] = useState<UndoToast[]>([]);
  const undo = useUndoDecision();

  const push = useCallback((alert: AlertView, text: string) => {
    const server = alert.undoableUntil ? Date.parse(alert.undoableUntil) : NaN;
    // The server's deadline, read on this clock: never longer than the window the client knows.
    const until = Math.min(Number.isFinite(server) ? server : Infinity, Date.now() + UNDO_SECONDS * 1000);
    const stale = (t: UndoToast) => t.state !== "undoing" && Date.now() - t.until >= LINGER_MS;
    setToasts((ts) => [
      ...ts.filter((t) => (t.alertId !== alert.id || t.state !== "open") && !stale(t)),
      { key: `${alert.id}:${Date.now()}`, alertId: alert.id, text, until, state: "open" },
    ]);
  }, []);

  const set = (key: string, patch: Partial<UndoToast>) => setToasts((ts) => ts.map((t) => (t.key === key ? { ...t, ...patch } : t)));

  const requestUndo = (toast: UndoToast) => {
    if (toast.state !== "open") return;
    set(toast.key, { state: "undoing" });
    undo.mutate(
      { alertId: toast.alertId },
      {
        onSuccess: () => set(toast.key, { state: "undone", until: Date.now() }),
        onError: (e) => set(toast.key, { state: "failed", error: errorMessage(e), until: Date.now() }),
      },
    );
  };

  // Open toasts become final when their time is up; settled ones leave after a moment (derived from
  // the clock at render, so nothing is stored twice).
  const shown = useMemo(
    () =>
      toasts
        .map((t) => (t.state === "open" && t.until <= now ? { ...t, state: "final" as const } : t))
        .filter((t) => t.state === "open" || t.state === "undoing" || now - t.until < LINGER_MS),
    [toasts, now],
  );

  const dismiss = (key: string) => setToasts((ts) => ts.filter((t) => t.key !== key));
  return { toasts: shown, push, requestUndo, dismiss };
}
