"use client";
import { useState, type FormEvent, type ReactNode } from "react";
import { MAX_MATCH_THRESHOLD, MIN_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";

/** The small forms and marks a lifecycle step needs: a go-live check, a reasoned decision, a threshold change. */
export function Check({ ok, children }: { ok: boolean; children: ReactNode }) {
  return (
    <li className={ok ? "ok" : "warn"}>
      <span aria-hidden="true">{ok ? "✓ " : "✗ "}</span>
      <span className="visually-hidden">{ok ? "Done: " : "Not yet: "}</span>
      {children}
    </li>
  );
}

export function ReasonForm({
  label,
  field,
  hint,
  buttonClass,
  busy,
  onSubmit,
}: {
  label: string;
  field: string;
  hint: string;
  buttonClass: string;
  busy: boolean;
  onSubmit: (value: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState("");
  if (!open)
    return (
      <div>
        <button type="button" className={buttonClass} onClick={() => setOpen(true)}>
          {label}…
        </button>
      </div>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(value);
  };
  return (
    <form className="stack reason-form" aria-label={label} onSubmit={submit}>
      <label>
        {hint}
        <textarea name={field} required minLength={field === "reason" ? 5 : 10} maxLength={8000} value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" className={buttonClass} disabled={busy}>
          {label}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Not now
        </button>
      </div>
    </form>
  );
}

export function ThresholdChange({ current, busy, onSubmit }: { current: number; busy: boolean; onSubmit: (threshold: number, reason: string) => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(current);
  const [reason, setReason] = useState("");
  if (!open)
    return (
      <div>
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          Change threshold…
        </button>
      </div>
    );
  return (
    <form
      className="stack reason-form"
      aria-label="Change threshold"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(value, reason);
      }}
    >
      <label>
        New threshold (now {current.toFixed(2)})
        <input type="number" min={MIN_MATCH_THRESHOLD} max={MAX_MATCH_THRESHOLD} step={0.01} value={value} onChange={(e) => setValue(Number(e.target.value))} />
      </label>
      <label>
        Reason (recorded with your name)
        <textarea required minLength={10} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" disabled={busy}>
          Change threshold
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Not now
        </button>
      </div>
    </form>
  );
}
