"use client";
import { useState } from "react";
import { Empty, ExportLinks, Failed, Loading } from "./report-status";

import { useDeploymentRecord } from "./queries";

/** Also read by the accuracy panel. */
export { useDeploymentRecord };

const PAGE = 25;

const count = (v: string | number | null | undefined) => (typeof v === "number" ? v.toLocaleString("en-GB") : (v ?? "—"));
const minutes = (v: string | number | null | undefined) => {
  if (typeof v !== "number") return "—";
  const h = Math.floor(v / 60);
  return h ? `${h} h ${v % 60} min` : `${v} min`;
};

/** One row per deployment with the published columns; exports of the whole record or one deployment. */
export function DeploymentRecordPanel() {
  const q = useDeploymentRecord();
  const [page, setPage] = useState(0);
  const rows = q.data?.rows ?? [];
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const shown = rows.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <>
      <div className="row">
        <h2>Deployment record</h2>
        <span className="spacer" />
        <ExportLinks base="/api/oversight/deployments" formats={["csv", "json", "pdf"]} />
      </div>
      <p className="muted">
        One row per submitted deployment, with the columns police forces publish (location, date, duration, purpose, watchlist size, threshold, faces seen, true
        and false alerts, outcomes) plus false alert rates per face and per alert, median time to adjudication, threshold changes and the self-test. An
        operator&apos;s confirmation makes a true alert (confirmed), a rejection a false alert (confirmed); alerts not yet decided are unconfirmed — true if a
        first operator confirmed it or an outcome was recorded, false otherwise. Self-test (blue-list) alerts are counted apart. Definitions: docs/oversight.md.
      </p>
      {q.isPending && <Loading what="the deployment record" />}
      {q.isError && <Failed error={q.error} retry={() => q.refetch()} />}
      {q.data && rows.length === 0 && <Empty>No deployment has been submitted yet: drafts are not part of the record.</Empty>}
      {q.data && rows.length > 0 && (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Deployment record table">
            <table className="table record-table" data-testid="record-table">
              <thead>
                <tr>
                  <th scope="col">Deployment</th>
                  <th scope="col">Date and duration</th>
                  <th scope="col" className="num">
                    Threshold
                  </th>
                  <th scope="col" className="num">
                    Watchlist
                  </th>
                  <th scope="col" className="num">
                    Faces seen
                  </th>
                  <th scope="col" className="num">
                    Alerts
                  </th>
                  <th scope="col" className="num" title="Confirmed / unconfirmed">
                    True alerts
                  </th>
                  <th scope="col" className="num" title="Confirmed / unconfirmed">
                    False alerts
                  </th>
                  <th scope="col" className="num">
                    False alert rate
                  </th>
                  <th scope="col">Outcomes</th>
                  <th scope="col" className="num">
                    Median decision
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Dossier</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.deploymentId}>
                    <th scope="row">
                      {r.reference}
                      <div className="muted small">
                        {r.location}
                        {r.area ? `, ${r.area}` : ""}
                      </div>
                    </th>
                    <td>
                      {r.date}
                      <div className="muted small">{minutes(r.durationMinutes)}</div>
                    </td>
                    <td className="num">{r.threshold ?? "—"}</td>
                    <td className="num">{count(r.watchlistSize)}</td>
                    <td className="num">{count(r.facesSeen)}</td>
                    <td className="num">{count(r.totalAlerts)}</td>
                    <td className="num">
                      {count(r.trueAlertsConfirmed)} / {count(r.trueAlertsUnconfirmed)}
                    </td>
                    <td className="num">
                      {count(r.falseAlertsConfirmed)} / {count(r.falseAlertsUnconfirmed)}
                    </td>
                    <td className="num">
                      {typeof r.falseAlertsPerAlert === "number" ? `${(r.falseAlertsPerAlert * 100).toFixed(1)}% of alerts` : "—"}
                      <div className="muted small">
                        {typeof r.falseAlertsPerThousandFaces === "number" ? `${r.falseAlertsPerThousandFaces} per 1,000 faces` : ""}
                      </div>
                    </td>
                    <td>
                      {count(r.arrests)} arrest{r.arrests === 1 ? "" : "s"}
                      <div className="muted small">
                        {count(r.otherAction)} other · {count(r.noAction)} none
                      </div>
                    </td>
                    <td className="num">{typeof r.medianSecondsToDecision === "number" ? `${Math.round(r.medianSecondsToDecision)} s` : "—"}</td>
                    <td>{String(r.status).toLowerCase()}</td>
                    <td>
                      <a
                        href={`/api/oversight/deployments/${r.deploymentId}/dossier?format=html`}
                        target="_blank"
                        rel="noreferrer"
                        aria-label={`Dossier for ${r.reference}, in the browser`}
                      >
                        Read
                      </a>{" "}
                      <a href={`/api/oversight/deployments/${r.deploymentId}/dossier?format=pdf`} download aria-label={`Dossier PDF for ${r.reference}`}>
                        PDF
                      </a>{" "}
                      <a
                        href={`/api/oversight/deployments/${r.deploymentId}/dossier?format=json`}
                        download
                        aria-label={`Signed dossier JSON for ${r.reference}`}
                      >
                        JSON
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            All {q.data.columns.length} published columns, including threshold changes, the self-test and test alerts, are in the CSV, JSON and PDF exports.
          </p>
          {pages > 1 && (
            <nav className="row" aria-label="Deployment record pages">
              <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
                Previous
              </button>
              <span>
                Page {page + 1} of {pages}
              </span>
              <button type="button" className="secondary" disabled={page >= pages - 1} onClick={() => setPage((p) => p + 1)}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}
