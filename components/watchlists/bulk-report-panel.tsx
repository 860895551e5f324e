"use client";
import { useState } from "react";
import { BULK_STATUS_LABELS, bulkReportCsv, FINAL_STATUSES, type BulkReportRow, type BulkRowStatus } from "@/lib/watchlists/bulk-report";
import { download, PROBLEM } from "./bulk-enrolment-files";

/** The per-row report of a bulk enrolment: counts by outcome, a filter, the table and its CSV. */
export function BulkReportPanel({
  allRows,
  counts,
  enrolled,
  watchlistName,
}: {
  allRows: BulkReportRow[];
  counts: Map<BulkRowStatus, number>;
  enrolled: number;
  watchlistName: string | undefined;
}) {
  const [filter, setFilter] = useState<"all" | "problems" | "duplicates">("all");
  const shown = allRows.filter((r) => (filter === "problems" ? PROBLEM.has(r.status) : filter === "duplicates" ? r.status === "possible_duplicate" : true));
  return (
    <section className="card stack" aria-labelledby="bulk-report">
      <div className="row bulk-report-head">
        <h2 id="bulk-report">Report</h2>
        <label className="inline">
          Show
          <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
            <option value="all">every row ({allRows.length})</option>
            <option value="problems">rows not enrolled ({allRows.filter((r) => PROBLEM.has(r.status)).length})</option>
            <option value="duplicates">possible duplicates ({counts.get("possible_duplicate") ?? 0})</option>
          </select>
        </label>
        <button
          type="button"
          className="secondary"
          onClick={() => download(`enrolment-report-${watchlistName?.replace(/[^A-Za-z0-9_-]+/g, "-") ?? "watchlist"}.csv`, bulkReportCsv(allRows))}
        >
          Download report (CSV)
        </button>
      </div>
      <ul className="bulk-counts" aria-label="Rows by outcome">
        {[...counts].map(([s, n]) => (
          <li key={s} className={`bulk-status bulk-${s}`}>
            {BULK_STATUS_LABELS[s]}: {n}
          </li>
        ))}
      </ul>
      <div className="bulk-table">
        <table className="table" data-testid="bulk-report-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Reference</th>
              <th scope="col">Photo(s)</th>
              <th scope="col">Outcome</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 1000).map((r) => (
              <tr key={r.line} data-status={r.status}>
                <td>{r.line}</td>
                <td>{r.subjectReference}</td>
                <td>{r.files}</td>
                <td>
                  <span className={`bulk-status bulk-${r.status}`}>{BULK_STATUS_LABELS[r.status]}</span>
                </td>
                <td>{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > 1000 && <p className="muted">The first 1,000 rows are shown; the CSV has them all.</p>}
      </div>
      {FINAL_STATUSES.size > 0 && enrolled > 0 && (
        <p className="muted">Enrolled entries now wait for review by an authorising officer on the Watchlists page before a deployment can use them.</p>
      )}
    </section>
  );
}
