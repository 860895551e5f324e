"use client";
import { useState } from "react";
import { outcomesFor, type AlertOutcome } from "./contract";

/** Outcomes that change someone's liberty or involve approaching them need a second click. */
const NEEDS_CONFIRM = new Set<AlertOutcome>(["ARRESTED", "ENGAGED"]);

/** What happened after a confirmed alert. A test (blue-list) alert offers only test outcomes. */
export function OutcomePicker({ isTest, busy, onOutcome }: { isTest: boolean; busy: boolean; onOutcome: (outcome: AlertOutcome) => void }) {
  const [pending, setPending] = useState<{ value: AlertOutcome; label: string } | null>(null);
  const outcomes = outcomesFor(isTest);
  if (pending)
    return (
      <div className="row confirm-outcome" role="group" aria-label="Confirm the outcome" data-testid="outcome-confirm">
        <span className="warn">Record “{pending.label}”? It goes into the audit trail.</span>
        <button
          type="button"
          className="danger"
          disabled={busy}
          autoFocus
          onClick={() => {
            onOutcome(pending.value);
            setPending(null);
          }}
        >
          Confirm: {pending.label}
        </button>
        <button type="button" className="secondary" onClick={() => setPending(null)}>
          Cancel
        </button>
      </div>
    );
  return (
    <div className="row" role="group" aria-label={isTest ? "Record the test outcome" : "Record the outcome"}>
      {outcomes.map((o) => (
        <button
          key={o.value}
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => (NEEDS_CONFIRM.has(o.value) ? setPending(o) : onOutcome(o.value))}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
