"use client";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { REJECT_REASONS, type RejectReason } from "./contract";

/**
 * Rejecting asks why, from a short list. Keyboard: 1–4 pick a reason, Enter rejects, Escape cancels
 * (arrow keys move between reasons, as in any radio group). "Other" needs a note.
 */
export function RejectReasonPicker(props: { busy: boolean; onReject: (reason: RejectReason, note?: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState<RejectReason | null>(null);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!reason) return setProblem("Pick a reason (1–4).");
    if (reason === "OTHER" && !note.trim()) return setProblem("Say why in the note.");
    props.onReject(reason, note.trim() || undefined);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      return props.onCancel();
    }
    if ((e.target as HTMLElement).tagName === "TEXTAREA") return;
    const n = Number(e.key);
    if (Number.isInteger(n) && n >= 1 && n <= REJECT_REASONS.length) {
      e.preventDefault();
      setReason(REJECT_REASONS[n - 1].value);
      setProblem(null);
      document.getElementById(`reject-reason-${n}`)?.focus();
    }
  };
  return (
    <form
      className="reject-picker card stack"
      aria-label="Reason for rejecting"
      data-testid="reject-picker"
      data-keys-own
      onKeyDown={onKeyDown}
      onSubmit={submit}
    >
      <fieldset>
        <legend>Why is this not a match?</legend>
        {REJECT_REASONS.map((r, i) => (
          <label key={r.value} className="reject-option">
            <input
              ref={i === 0 ? first : undefined}
              id={`reject-reason-${i + 1}`}
              type="radio"
              name="reject-reason"
              value={r.value}
              checked={reason === r.value}
              onChange={() => {
                setReason(r.value);
                setProblem(null);
              }}
            />
            <kbd>{i + 1}</kbd> {r.label}
          </label>
        ))}
      </fieldset>
      {reason === "OTHER" && (
        <label className="stack">
          Note (required for “Other”)
          <textarea value={note} maxLength={1000} rows={2} onChange={(e) => setNote(e.target.value)} />
        </label>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className="danger" disabled={props.busy}>
          Reject
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
        <span className="muted">
          <kbd>1</kbd>–<kbd>4</kbd> reason, <kbd>Enter</kbd> reject, <kbd>Esc</kbd> cancel
        </span>
      </div>
    </form>
  );
}
