"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { StationAddress } from "@/components/live/station-address";
import { api } from "@/lib/client/api";
import { RULES, type Transition } from "@/lib/deployments/state-machine";
import { IMPOSTOR_TAIL } from "@/lib/planning/current-impostor-model";
import { expectedFalseAlerts } from "@/lib/planning/expected-false-alerts";
import { MAX_MATCH_THRESHOLD, MIN_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import { LOCATION_TYPE_LABELS } from "@/lib/zones/zone-schemas";
import { DeploymentRoster } from "./deployment-roster";
import { FalseAlertsEstimate } from "./false-alerts-estimate";
import { dateTime, every, rate, STATUS_BADGE, words } from "./format";
import type { DeploymentFull, PlanUser, WatchlistSummary } from "./types";

const PATHS: Partial<Record<Transition, string>> = {
  submit: "submit",
  authorise: "authorise",
  refuse: "refuse",
  "confirm-signage": "signage",
  "go-live": "go-live",
  close: "close",
  cancel: "cancel",
  "change-threshold": "threshold",
};

/** One deployment's record, its go-live checks, and the steps this user may take now. */
export function DeploymentDetail({ deployment: d, user, onEdit, onClose }: { deployment: DeploymentFull; user: PlanUser; onEdit: () => void; onClose: () => void }) {
  const qc = useQueryClient();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const step = useMutation({
    mutationFn: ({ t, body }: { t: Transition; body: Record<string, unknown> }) => api(`/api/deployments/${d.id}/${PATHS[t]}`, { method: "POST", json: body }),
    onSuccess: async (_r, { t }) => {
      setMessage({ kind: "ok", text: `Done: ${t.replace("-", " ")}.` });
      await Promise.all([qc.invalidateQueries({ queryKey: ["deployment", d.id] }), qc.invalidateQueries({ queryKey: ["deployments"] })]);
    },
    onError: (e: Error) => setMessage({ kind: "error", text: e.message }),
  });
  const may = (t: Transition) => RULES[t].roles.includes(user.role) && RULES[t].from.includes(d.status);
  const run = (t: Transition, body: Record<string, unknown> = {}) => {
    setMessage(null);
    step.mutate({ t, body });
  };
  const person = (id: string | null) => (id && d.people[id] ? `${d.people[id].name} (${d.people[id].email})` : "—");
  const snapshot = d.snapshots.at(-1);
  const estimate = d.expectedFootfallPerHour !== null && snapshot ? expectedFalseAlerts(IMPOSTOR_TAIL, d.threshold, snapshot.entryCount, d.expectedFootfallPerHour) : null;
  // The clock the go-live checks are read against, ticking so "inside the window" turns true on time.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  return (
    <article className="card stack" aria-labelledby="deployment-title">
      <div className="row">
        <h3 id="deployment-title">
          {d.reference}: {d.name}
        </h3>
        <span className={STATUS_BADGE[d.status]} data-testid="deployment-status">
          {words(d.status)}
        </span>
        <span className="muted">version {d.version}</span>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={onClose}>
          Back to the list
        </button>
      </div>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "error" : "ok"} data-testid="step-message">
          {message.text}
        </p>
      )}

      <div className="row-actions" aria-label="Steps you can take">
        {may("edit") && (
          <button type="button" className="secondary" onClick={onEdit}>
            Edit application
          </button>
        )}
        {may("submit") && (
          <button type="button" disabled={step.isPending} onClick={() => run("submit")}>
            Submit for authorisation
          </button>
        )}
        {may("confirm-signage") && !d.signageConfirmedAt && (
          <button type="button" className="secondary" disabled={step.isPending} onClick={() => run("confirm-signage")}>
            Confirm signage is up
          </button>
        )}
        {may("go-live") && (
          <button type="button" className="ok" disabled={step.isPending} onClick={() => run("go-live")}>
            Go live
          </button>
        )}
      </div>
      {may("authorise") && <AuthoriserEstimate deployment={d} />}
      {may("authorise") && (
        <div className="decision">
          <ReasonForm label="Authorise" field="reasons" buttonClass="ok" hint={`Your written reasons. You sign as ${user.name}; the decision is recorded with the time and the application version (${d.version}).`} busy={step.isPending} onSubmit={(v) => run("authorise", { reasons: v })} />
          <ReasonForm label="Refuse" field="reasons" buttonClass="danger" hint="Why the application is refused." busy={step.isPending} onSubmit={(v) => run("refuse", { reasons: v })} />
        </div>
      )}
      {may("close") && <ReasonForm label="Close deployment" field="report" buttonClass="danger" hint="Closure report: what happened, and why it ended now." busy={step.isPending} onSubmit={(v) => run("close", { report: v })} />}
      {may("change-threshold") && <ThresholdChange current={d.threshold} busy={step.isPending} onSubmit={(threshold, reason) => run("change-threshold", { threshold, reason })} />}
      {may("cancel") && <ReasonForm label="Cancel application" field="reason" buttonClass="secondary" hint="Why it is cancelled." busy={step.isPending} onSubmit={(v) => run("cancel", { reason: v })} />}

      {d.status === "AUTHORISED" && (
        <section aria-labelledby="checks-title">
          <h4 id="checks-title">Before going live</h4>
          <ul className="checks">
            <Check ok={now >= new Date(d.plannedStart).getTime() && now <= new Date(d.plannedEnd).getTime()}>
              Inside the authorised window ({dateTime(d.plannedStart)} – {dateTime(d.plannedEnd)})
            </Check>
            <Check ok={d.authorisedVersion === d.version}>Application unchanged since it was authorised</Check>
            <Check ok={!!d.signageConfirmedAt}>Signage confirmed {d.signageConfirmedAt ? `by ${person(d.signageConfirmedById)} at ${dateTime(d.signageConfirmedAt)}` : ""}</Check>
            <Check ok={!!d.selfTestPassedAt}>Self-test passed {d.selfTestPassedAt ? `at ${dateTime(d.selfTestPassedAt)}` : "(an operator marks a blue-list volunteer's alert as a test on the live page)"}</Check>
          </ul>
        </section>
      )}

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
              — expected false alerts {rate(estimate.perHour)} ({every(estimate.minutesBetween)}) at {d.expectedFootfallPerHour?.toLocaleString("en-GB")} faces an hour, {estimate.source === "fitted" ? "from the fitted tail" : "measured"}
            </>
          )}
        </dd>
        <dt>Alerting</dt>
        <dd>
          {d.requireSecondConfirmation ? "two operators confirm" : "one operator confirms"}; repeats merged within {d.dedupWindowSeconds} s; decide within {d.adjudicationSlaMinutes} min
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

      <DeploymentRoster deploymentId={d.id} canManage={user.role === "COMMANDER" || user.role === "AUTHORISING_OFFICER"} />
    </article>
  );
}

function Check({ ok, children }: { ok: boolean; children: ReactNode }) {
  return (
    <li className={ok ? "ok" : "warn"}>
      <span aria-hidden="true">{ok ? "✓ " : "✗ "}</span>
      <span className="visually-hidden">{ok ? "Done: " : "Not yet: "}</span>
      {children}
    </li>
  );
}

function ReasonForm({ label, field, hint, buttonClass, busy, onSubmit }: { label: string; field: string; hint: string; buttonClass: string; busy: boolean; onSubmit: (value: string) => void }) {
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

function ThresholdChange({ current, busy, onSubmit }: { current: number; busy: boolean; onSubmit: (threshold: number, reason: string) => void }) {
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

/**
 * What the authorising officer weighs before signing: the expected false alerts per hour for the
 * threshold, the watchlist that authorisation would freeze (reviewed, unexpired, enrolled entries
 * of the chosen watchlists) and the stated footfall. The same figure is recorded with the decision.
 */
function AuthoriserEstimate({ deployment: d }: { deployment: DeploymentFull }) {
  const watchlists = useQuery({ queryKey: ["watchlists"], queryFn: () => api<{ watchlists: WatchlistSummary[] }>("/api/watchlists") });
  const chosen = new Set(d.watchlists.map((w) => w.watchlist.id));
  const size = (watchlists.data?.watchlists ?? []).filter((w) => chosen.has(w.id)).reduce((n, w) => n + w.enrolledActive, 0);
  return (
    <section className="card" aria-label="Expected false alerts for this authorisation" data-testid="authoriser-estimate">
      {watchlists.isPending ? (
        <p aria-busy="true" className="muted">
          Loading the watchlist size…
        </p>
      ) : watchlists.isError ? (
        <p role="alert" className="error">
          {watchlists.error.message}
        </p>
      ) : (
        <>
          <p className="muted">
            You are authorising threshold {d.threshold.toFixed(2)} against {size.toLocaleString("en-GB")} watchlist entries
            {d.expectedFootfallPerHour ? ` and about ${d.expectedFootfallPerHour.toLocaleString("en-GB")} faces an hour` : ""}. This estimate is recorded with your decision.
          </p>
          <FalseAlertsEstimate threshold={d.threshold} watchlistSize={size} footfallPerHour={d.expectedFootfallPerHour} />
        </>
      )}
    </section>
  );
}
