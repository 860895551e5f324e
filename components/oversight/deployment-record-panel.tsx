"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { Empty, ExportLinks, Failed, Loading } from "./report-status";

export interface DeploymentRecordReport {
  columns: { key: string; label: string }[];
  rows: (Record<string, string | number | null> & { deploymentId: string })[];
}

const PAGE = 25;

export function useDeploymentRecord() {
  return useQuery({ queryKey: ["oversight", "deployments"], queryFn: () => api<DeploymentRecordReport>("/api/oversight/deployments") });
}

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
        One row per submitted deployment, with the columns police forces publish (location, date, duration, purpose, watchlist size,
        threshold, faces seen, true and false alerts, outcomes) plus false alert rates per face and per alert, median time to
        adjudication, threshold changes and the self-test. An operator&apos;s confirmation makes a true alert (confirmed), a rejection a
        false alert (confirmed); alerts not yet decided are unconfirmed — true if a first operator confirmed it or an outcome was
        recorded, false otherwise. Self-test (blue-list) alerts are counted apart. Definitions: docs/oversight.md.
      </p>
      {q.isPending && <Loading what="the deployment record" />}
      {q.isError && <Failed error={q.error} retry={() => q.refetch()} />}
      {q.data && rows.length === 0 && <Empty>No deployment has been submitted yet: drafts are not part of the record.</Empty>}
      {q.data && rows.length > 0 && (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Deployment record table">
            <table className="table record-table">
              <thead>
                <tr>
                  {q.data.columns.map((c) => (
                    <th key={c.key} scope="col">
                      {c.label}
                    </th>
                  ))}
                  <th scope="col">Export</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.deploymentId}>
                    {q.data.columns.map((c) =>
                      c.key === "reference" ? (
                        <th key={c.key} scope="row">
                          {r[c.key]}
                        </th>
                      ) : (
                        <td key={c.key}>{r[c.key] ?? "—"}</td>
                      ),
                    )}
                    <td>
                      <a href={`/api/oversight/deployments?format=pdf&deploymentId=${r.deploymentId}`} download aria-label={`PDF for ${r.reference}`}>
                        PDF
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
