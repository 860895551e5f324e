"use client";
import { StationAddress } from "@/components/live/station-address";
import { IMPOSTOR_TAIL } from "@/lib/planning/current-impostor-model";
import { expectedFalseAlerts } from "@/lib/planning/expected-false-alerts";
import { LOCATION_TYPE_LABELS } from "@/lib/zones/zone-schemas";
import { dateTime, every, rate } from "./format";
import type { DeploymentDetail } from "./queries";

/** Who someone named on the record is, from the people the server sent with it. */
export function personOn(d: DeploymentDetail, id: string | null): string {
  return id && d.people[id] ? `${d.people[id].name} (${d.people[id].email})` : "—";
}

/** A deployment's record as read-only facts: application, decisions, frozen watchlist, threshold history, cameras. */
export function DeploymentRecord({ deployment: d }: { deployment: DeploymentDetail }) {
  const person = (id: string | null) => personOn(d, id);
  const snapshot = d.snapshots.at(-1);
  const estimate =
    d.expectedFootfallPerHour !== null && snapshot ? expectedFalseAlerts(IMPOSTOR_TAIL, d.threshold, snapshot.entryCount, d.expectedFootfallPerHour) : null;
  return (
    <>
      <dl className="record">
        <dt>Zone</dt>
        <dd>
          {d.zone.name} ({LOCATION_TYPE_LABELS[d.locationType as keyof typeof LOCATION_TYPE_LABELS] ?? d.locationType})
        </dd>
        <dt>Window</dt>
        <dd>
          {dateTime(d.plannedStart)} – {dateTime(d.plannedEnd)}
        </dd>
        <dt>Applicant</dt>
        <dd>
          {person(d.applicantId)}
          {d.submittedAt ? `, submitted ${dateTime(d.submittedAt)}` : ""}
        </dd>
        <dt>Purpose</dt>
        <dd>{d.purpose}</dd>
        <dt>Legal basis</dt>
        <dd>{d.legalBasis}</dd>
        <dt>Necessity</dt>
        <dd>{d.necessity}</dd>
        <dt>Proportionality</dt>
        <dd>{d.proportionality}</dd>
        <dt>Watchlist criteria</dt>
        <dd>{d.watchlistCriteria}</dd>
        <dt>Watchlists</dt>
        <dd>{d.watchlists.map((w) => w.watchlist.name).join(", ")}</dd>
        <dt>Threshold</dt>
        <dd>
          {d.threshold.toFixed(2)} ({d.modelVersion})
          {estimate && (
            <>
              {" "}
              — expected false alerts {rate(estimate.perHour)} ({every(estimate.minutesBetween)}) at {d.expectedFootfallPerHour?.toLocaleString("en-GB")} faces
              an hour, {estimate.source === "fitted" ? "from the fitted tail" : "measured"}
            </>
          )}
        </dd>
        <dt>Alerting</dt>
        <dd>
          {d.requireSecondConfirmation ? "two operators confirm" : "one operator confirms"}; repeats merged within {d.dedupWindowSeconds} s; decide within{" "}
          {d.adjudicationSlaMinutes} min
        </dd>
        {d.authorisedAt && (
          <>
            <dt>Authorisation</dt>
            <dd data-testid="authorisation-record">
              Authorised by {person(d.authorisingOfficerId)} at {dateTime(d.authorisedAt)} (version {d.authorisedVersion}): “{d.authorisationReasons}”
              {d.authorisedVersion !== d.version && <span className="warn"> — the application has changed since; it must be authorised again.</span>}
            </dd>
          </>
        )}
        {d.refusedAt && (
          <>
            <dt>Refusal</dt>
            <dd>
              Refused by {person(d.authorisingOfficerId)} at {dateTime(d.refusedAt)}: “{d.refusalReasons}”
            </dd>
          </>
        )}
        <dt>Frozen watchlist</dt>
        <dd data-testid="snapshot-record">
          {d.snapshots.length === 0
            ? "Not frozen yet (at authorisation)."
            : d.snapshots.map((s) => (
                <span key={s.id} className="snapshot">
                  {s.entryCount} entries, SHA-256 <code>{s.contentHash.slice(0, 16)}…</code>, frozen {dateTime(s.createdAt)}
                  {s.destroyedAt ? `; destroyed ${dateTime(s.destroyedAt)}` : "; held for the live pages"}
                </span>
              ))}
        </dd>
        {d.thresholdChanges.length > 0 && (
          <>
            <dt>Threshold changes</dt>
            <dd>
              <ul>
                {d.thresholdChanges.map((t) => (
                  <li key={t.id}>
                    {t.fromThreshold.toFixed(2)} → {t.toThreshold.toFixed(2)} by {person(t.authorisedById)} at {dateTime(t.createdAt)}: “{t.reason}”
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Alerts</dt>
        <dd>
          {d.alerts.real} real, {d.alerts.test} self-test (counted apart)
        </dd>
        {d.liveAt && (
          <>
            <dt>Live</dt>
            <dd>{dateTime(d.liveAt)}</dd>
          </>
        )}
        {d.closedAt && (
          <>
            <dt>Closed</dt>
            <dd data-testid="closure-record">
              {dateTime(d.closedAt)}: “{d.closureReport}”
            </dd>
          </>
        )}
        {d.cancelledAt && (
          <>
            <dt>Cancelled</dt>
            <dd>
              {dateTime(d.cancelledAt)}: “{d.cancellationReason}”
            </dd>
          </>
        )}
      </dl>

      <table className="table compact">
        <caption className="muted">Cameras</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Position</th>
            <th scope="col">Heading / view / range</th>
            <th scope="col">Source</th>
            <th scope="col">Station address</th>
          </tr>
        </thead>
        <tbody>
          {d.cameras.map((c) => (
            <tr key={c.id ?? c.name}>
              <td>{c.name}</td>
              <td>
                {c.lat.toFixed(5)}, {c.lng.toFixed(5)}
              </td>
              <td>
                {Math.round(c.headingDeg)}° / {Math.round(c.fovDeg)}° / {Math.round(c.rangeM)} m
              </td>
              <td>{c.source === "WHEP" ? `WHEP ${c.whepUrl}` : "camera station"}</td>
              <td>{c.id ? <StationAddress cameraId={c.id} cameraName={c.name} compact /> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
