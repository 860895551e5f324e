"use client";
import { Empty, ExportLinks, Failed, Loading } from "./report-status";

import { useRetentionReport, useRunRetention } from "./queries";

const KIND_LABELS: Record<string, string> = {
  alert: "Alerts and probe images",
  watchlist_snapshot: "Watchlist snapshots (payload destroyed)",
  watchlist_entry: "Expired watchlist entries",
  live_event: "Live-feed replay events",
  rtc_session: "Camera signalling records",
  user_session: "Ended sign-in sessions",
  audit_event: "Audit events (behind a signed anchor)",
};

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("en-GB") : "—");

/** What retention deleted: totals per day and kind, then each receipt; and a button to run it now. */
export function RetentionPanel() {
  const q = useRetentionReport();
  const run = useRunRetention();
  const deleted = run.data?.receipts.reduce((n, r) => n + r.count, 0);
  return (
    <>
      <div className="row">
        <h2>Retention: what was deleted, and when</h2>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={() => run.mutate()} disabled={run.isPending}>
          {run.isPending ? "Running…" : "Run retention now"}
        </button>
        <ExportLinks base="/api/oversight/retention" formats={["csv", "json"]} />
      </div>
      <p className="muted">
        Faces that match nobody are never stored. Alert records and images go after 31 days; watchlist snapshots 24 hours after their deployment ends; watchlist
        entries at their expiry. Every deletion leaves a receipt — kind, count, the period the records covered, why; never the content — written into the audit
        chain with the deletion.
      </p>
      {run.isError && <Failed error={run.error} />}
      {run.data && (
        <p role="status" className="ok">
          Retention ran: {deleted ? `${deleted} record(s) deleted.` : "nothing was due."}
        </p>
      )}
      {q.isPending && <Loading what="deletion receipts" />}
      {q.isError && <Failed error={q.error} retry={() => q.refetch()} />}
      {q.data && (
        <p>
          Last successful run: <strong>{q.data.lastSuccessAt ? new Date(q.data.lastSuccessAt).toLocaleString("en-GB") : "never"}</strong>
          {q.data.lastFailure && (
            <span className="error">
              {" "}
              · a later run failed at {q.data.lastFailure.at ? new Date(q.data.lastFailure.at).toLocaleString("en-GB") : "?"} (see the server log)
            </span>
          )}
        </p>
      )}
      {q.data && q.data.receipts.length === 0 && <Empty>Nothing has been due for deletion yet.</Empty>}
      {q.data && q.data.byDay.length > 0 && (
        <>
          <h3>Deleted per day</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Kind</th>
                <th scope="col">Records deleted</th>
                <th scope="col">Receipts</th>
              </tr>
            </thead>
            <tbody>
              {q.data.byDay.map((d) => (
                <tr key={`${d.day}-${d.kind}`}>
                  <td>{d.day}</td>
                  <td>{KIND_LABELS[d.kind] ?? d.kind}</td>
                  <td>{d.count}</td>
                  <td>{d.receipts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {q.data && q.data.receipts.length > 0 && (
        <>
          <h3>Latest receipts</h3>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Deletion receipts">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Count</th>
                  <th scope="col">Period the records covered</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {q.data.receipts.map((r) => (
                  <tr key={r.id}>
                    <td>{new Date(r.createdAt).toLocaleString("en-GB")}</td>
                    <td>{KIND_LABELS[r.kind] ?? r.kind}</td>
                    <td>{r.count}</td>
                    <td>
                      {day(r.periodStart)} – {day(r.periodEnd)}
                    </td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
