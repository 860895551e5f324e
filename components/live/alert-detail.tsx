"use client";
import type { RefObject } from "react";
import { isOpen } from "./alert-feed";
import type { AlertOutcome, AlertView, RejectReason } from "./contract";
import { AlertFacts } from "./alert-facts";
import { OutcomePicker } from "./outcome-picker";
import { RejectReasonPicker } from "./reject-reason-picker";

/** Whether this viewer has already given the first of two confirmations (and so may not give the second). */
export const confirmedByViewer = (alert: AlertView, viewerId: string) =>
  alert.status === "AWAITING_SECOND" && alert.adjudications.some((j) => j.userId === viewerId && j.decision === "CONFIRM" && j.undoneAt === null);

/** One alert: the two faces, the facts, the decisions so far, and what this operator may do now. */
export function AlertDetail(props: {
  alert: AlertView;
  now: number;
  late: boolean;
  busy: boolean;
  error: string | null;
  viewerId: string;
  canAdjudicate: boolean;
  rejecting: boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onConfirm: () => void;
  onStartReject: () => void;
  onCancelReject: () => void;
  onReject: (reason: RejectReason, note?: string) => void;
  onOutcome: (outcome: AlertOutcome) => void;
}) {
  const { alert, late, busy, error, canAdjudicate, headingRef, rejecting, now, viewerId, onConfirm, onStartReject, onCancelReject, onReject, onOutcome } =
    props;
  const open = isOpen(alert);
  const mine = confirmedByViewer(alert, viewerId);
  return (
    <section className={`card stack${late ? " overdue-card" : ""}`} aria-labelledby="alert-detail-heading" data-testid="alert-detail">
      <h3 id="alert-detail-heading" ref={headingRef} tabIndex={-1}>
        Alert: {alert.subjectReference}
        {alert.isTest && " (self-test)"}
      </h3>
      <AlertFacts alert={alert} now={now} late={late} />
      {error && (
        <p role="alert" className="error" data-testid="action-error">
          {error}
        </p>
      )}
      {open && canAdjudicate && !rejecting && (
        <div className="row">
          <button type="button" className="ok" disabled={busy || mine} onClick={onConfirm}>
            {alert.status === "AWAITING_SECOND" ? "Second confirmation" : "Confirm match"}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={onStartReject}>
            Reject…
          </button>
          {alert.status === "AWAITING_SECOND" && (
            <span className="warn" data-testid="awaiting-second">
              {mine ? "You confirmed this alert; a second, different operator must confirm it." : "Confirmed once; a second, different operator must confirm."}
            </span>
          )}
          {alert.status === "PENDING" && alert.requireSecondConfirmation && <span className="muted">This deployment requires two operators to confirm.</span>}
        </div>
      )}
      {open && canAdjudicate && rejecting && <RejectReasonPicker busy={busy} onReject={onReject} onCancel={onCancelReject} />}
      {alert.status === "CONFIRMED" && !alert.outcome && canAdjudicate && (
        <OutcomePicker key={alert.id} isTest={alert.isTest} busy={busy} onOutcome={onOutcome} />
      )}
    </section>
  );
}
