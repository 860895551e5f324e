"use client";
import { UNDO_SECONDS } from "./contract";
import type { UndoToast } from "./use-undo-toasts";

/** Each decision with its undo countdown (button or the `u` key), then "final". */
export function UndoToasts({
  toasts,
  now,
  onUndo,
  onDismiss,
}: {
  toasts: UndoToast[];
  now: number;
  onUndo: (t: UndoToast) => void;
  onDismiss: (key: string) => void;
}) {
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" aria-live="polite" data-testid="undo-toasts">
      {toasts.map((t) => {
        const left = Math.max(0, Math.ceil((t.until - now) / 1000));
        return (
          <div key={t.key} className={`toast ${t.state}`} data-testid="undo-toast" data-state={t.state} data-alert-id={t.alertId}>
            <span>{t.text}</span>
            {t.state === "open" && (
              <>
                <span className="countdown" aria-label={`${left} seconds left to undo`}>
                  {left} s
                </span>
                <button type="button" className="secondary small" onClick={() => onUndo(t)}>
                  Undo <kbd>u</kbd>
                </button>
                <span className="toast-bar" style={{ ["--left" as string]: `${Math.min(100, ((t.until - now) / (UNDO_SECONDS * 1000)) * 100)}%` }} />
              </>
            )}
            {t.state === "undoing" && <span className="muted">Undoing…</span>}
            {t.state === "undone" && <span className="ok">Undone</span>}
            {t.state === "final" && <span className="muted">Final</span>}
            {t.state === "failed" && (
              <span role="alert" className="error">
                Could not undo: {t.error}
              </span>
            )}
            {t.state !== "open" && t.state !== "undoing" && (
              <button type="button" className="secondary small" aria-label="Dismiss" onClick={() => onDismiss(t.key)}>
                ×
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
