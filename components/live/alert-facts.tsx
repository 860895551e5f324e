"use client";
import { isOpen } from "./alert-feed";
import { REJECT_REASONS, type AdjudicationView, type AlertView } from "./contract";
import { clock, duration, words } from "./format";

function decisionText(j: AdjudicationView): string {
  const reason = REJECT_REASONS.find((x) => x.value === j.reason)?.label;
  if (j.decision === "OUTCOME") return `outcome: ${words(j.outcome ?? "")}`;
  if (j.decision === "CONFIRM") return "confirmed";
  return reason ? `rejected (${reason})` : "rejected";
}

/** The faces side by side, the score against the threshold, and the record of decisions. */
export function AlertFacts({ alert, now, late }: { alert: AlertView; now: number; late: boolean }) {
  const scoreClass = alert.similarity >= alert.thresholdInForce ? "ok" : "warn";
  return (
    <>
      <div className="compare">
        <figure>
          <img src={alert.probeImageUrl} alt="Face captured by the camera" />
          <figcaption className="muted">Camera capture</figcaption>
        </figure>
        <figure>
          {alert.watchlistImageUrl ? (
            <img src={alert.watchlistImageUrl} alt={`Watchlist image of ${alert.subjectReference}`} />
          ) : (
            <p className="muted">No watchlist image</p>
          )}
          <figcaption className="muted">Watchlist: {alert.subjectReference}</figcaption>
        </figure>
      </div>
      <dl className="station-stats">
        <dt>Score</dt>
        <dd>
          <span className={scoreClass}>{alert.similarity.toFixed(3)}</span> against threshold {alert.thresholdInForce.toFixed(2)} ({alert.modelId}{" "}
          {alert.modelVersion})
        </dd>
        <dt>Camera</dt>
        <dd>{alert.camera.name}</dd>
        <dt>Seen</dt>
        <dd>
          {clock(alert.capturedAt)}
          {alert.sightings > 1 && ` (${alert.sightings} sightings, last ${clock(alert.lastSeenAt)})`}
        </dd>
        <dt>Reason</dt>
        <dd>
          {alert.entry ? words(alert.entry.reasonCategory) : "—"}
          {alert.entry?.offence && ` · ${alert.entry.offence}`}
        </dd>
        <dt>Legal basis</dt>
        <dd>{alert.entry?.legalBasis ?? "—"}</dd>
        <dt>Status</dt>
        <dd data-testid="alert-status">{words(alert.status)}</dd>
        {isOpen(alert) ? (
          <>
            <dt>Waiting for a decision</dt>
            <dd className={late ? "warn" : undefined} data-testid="alert-waiting">
              {duration(now - Date.parse(alert.receivedAt))}
              {late && " — overdue"}
            </dd>
          </>
        ) : (
          alert.secondsToDecision !== null && (
            <>
              <dt>Time to decision</dt>
              <dd data-testid="alert-decision-time">{duration(alert.secondsToDecision * 1000)}</dd>
            </>
          )
        )}
        {alert.outcome && (
          <>
            <dt>Outcome</dt>
            <dd data-testid="alert-outcome">{words(alert.outcome)}</dd>
          </>
        )}
      </dl>
      {alert.adjudications.length > 0 && (
        <ol className="muted adjudications" aria-label="Decisions so far" data-testid="alert-decisions">
          {alert.adjudications.map((j) => (
            <li key={j.id} data-undone={j.undoneAt !== null}>
              {clock(j.createdAt)}: {j.undoneAt ? <s>{decisionText(j)}</s> : decisionText(j)}
              {j.userName ? ` by ${j.userName}` : ""}
              {j.isTest ? " (self-test)" : ""}
              {j.note ? ` — ${j.note}` : ""}
              {j.undoneAt && <strong className="warn"> undone at {clock(j.undoneAt)}</strong>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
