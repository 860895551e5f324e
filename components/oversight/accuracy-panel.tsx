"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { BarChart } from "./bar-chart";
import { useDeploymentRecord } from "./deployment-record-panel";
import { ModelEvidencePanel } from "./model-evidence-panel";
import { Empty, ExportLinks, Failed, Loading } from "./report-status";

interface GroupRow {
  group: string;
  alerts: number;
  falseAlerts: number;
  falseAlertRate: number | null;
  enoughToConclude: boolean;
}

interface ShareRow {
  alerts: number;
  confirmed: number;
  rejected: number;
  shareConfirmed: number | null;
}

interface AccuracyReport {
  alerts: number;
  adjudicated: number;
  confirmed: number;
  rejected: number;
  shareConfirmed: number | null;
  scoreHistogram: { confirmed: { from: number; count: number }[]; rejected: { from: number; count: number }[] };
  alertsPerHour: { hour: string; confirmed: number; rejected: number; open: number }[];
  byDeployment: (ShareRow & { reference: string })[];
  byDay: (ShareRow & { day: string })[];
  bySex: GroupRow[];
  byEthnicity: GroupRow[];
  minGroupForConclusion: number;
}

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 1000) / 10}%`);

/** Share of alerts confirmed, score distributions, alerts over time, false alert rates by group. */
export function AccuracyPanel() {
  const [deploymentId, setDeploymentId] = useState("");
  const deployments = useDeploymentRecord();
  const params = new URLSearchParams(deploymentId ? { deploymentId } : {});
  const q = useQuery({
    queryKey: ["oversight", "accuracy", deploymentId],
    queryFn: () => api<AccuracyReport>(`/api/oversight/accuracy?${params}`),
  });
  const r = q.data;
  const bins = r ? [...new Set([...r.scoreHistogram.confirmed, ...r.scoreHistogram.rejected].map((b) => b.from))].sort((a, b) => a - b) : [];
  const at = (list: { from: number; count: number }[], from: number) => list.find((b) => b.from === from)?.count ?? 0;
  return (
    <>
      <div className="row">
        <h2>Accuracy and equitability</h2>
        <span className="spacer" />
        <label className="inline-label">
          Deployment
          <select value={deploymentId} onChange={(e) => setDeploymentId(e.target.value)} disabled={!deployments.data}>
            <option value="">All deployments</option>
            {deployments.data?.rows.map((d) => (
              <option key={d.deploymentId} value={d.deploymentId}>
                {d.reference} · {d.location}
              </option>
            ))}
          </select>
        </label>
        <ExportLinks base="/api/oversight/accuracy" params={params} formats={["csv", "json"]} />
      </div>
      {/* The model's stored evidence at the selected deployment's threshold, beside the live figures below. */}
      {(() => {
        const selected = deployments.data?.rows.find((d) => d.deploymentId === deploymentId);
        return (
          <ModelEvidencePanel
            threshold={typeof selected?.threshold === "number" ? selected.threshold : null}
            deployment={typeof selected?.reference === "string" ? selected.reference : null}
          />
        );
      })()}
      <h3>Live figures</h3>
      {q.isPending && <Loading what="accuracy figures" />}
      {q.isError && <Failed error={q.error} retry={() => q.refetch()} />}
      {r && (
        <>
          <p>
            {r.alerts} alert(s), {r.adjudicated} adjudicated: {r.confirmed} confirmed, {r.rejected} rejected
            {r.shareConfirmed !== null && ` (${pct(r.shareConfirmed)} confirmed)`}. Self-test alerts are left out.
          </p>
          {r.alerts === 0 ? (
            <Empty>No alerts yet: the charts appear once deployments produce alerts.</Empty>
          ) : (
            <div className="chart-grid">
              <BarChart
                title="Alerts per hour"
                description="Alerts in each hour (UTC), by how they were adjudicated: confirmed, rejected or still open."
                categories={r.alertsPerHour.map((h) => h.hour.slice(5, 13).replace("T", " "))}
                series={[
                  { label: "Confirmed", className: "bar-ok", values: r.alertsPerHour.map((h) => h.confirmed) },
                  { label: "Rejected", className: "bar-danger", values: r.alertsPerHour.map((h) => h.rejected) },
                  { label: "Open", className: "bar-warn", values: r.alertsPerHour.map((h) => h.open) },
                ]}
              />
              <BarChart
                title="Similarity scores of confirmed and rejected alerts"
                description="How many confirmed and how many rejected alerts fell in each band of similarity score (0.05 wide)."
                categories={bins.map((b) => b.toFixed(2))}
                series={[
                  { label: "Confirmed", className: "bar-ok", values: bins.map((b) => at(r.scoreHistogram.confirmed, b)) },
                  { label: "Rejected", className: "bar-danger", values: bins.map((b) => at(r.scoreHistogram.rejected, b)) },
                ]}
              />
              <BarChart
                title="Confirmed and rejected alerts per day"
                description="Adjudicated alerts per day (UTC): is the share confirmed changing over time?"
                categories={r.byDay.map((d) => d.day.slice(5))}
                series={[
                  { label: "Confirmed", className: "bar-ok", values: r.byDay.map((d) => d.confirmed) },
                  { label: "Rejected", className: "bar-danger", values: r.byDay.map((d) => d.rejected) },
                ]}
              />
            </div>
          )}
          {!deploymentId && r.byDeployment.length > 0 && (
            <div>
              <h3>Share confirmed per deployment</h3>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Deployment</th>
                    <th scope="col">Alerts</th>
                    <th scope="col">Confirmed</th>
                    <th scope="col">Rejected</th>
                    <th scope="col">Share confirmed</th>
                  </tr>
                </thead>
                <tbody>
                  {r.byDeployment.map((d) => (
                    <tr key={d.reference}>
                      <th scope="row">{d.reference}</th>
                      <td>{d.alerts}</td>
                      <td>{d.confirmed}</td>
                      <td>{d.rejected}</td>
                      <td>{pct(d.shareConfirmed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <GroupTable title="False alert rate by sex" rows={r.bySex} min={r.minGroupForConclusion} />
          <GroupTable title="False alert rate by ethnicity" rows={r.byEthnicity} min={r.minGroupForConclusion} />
        </>
      )}
    </>
  );
}

function GroupTable({ title, rows, min }: { title: string; rows: GroupRow[]; min: number }) {
  const tooSmall = rows.filter((g) => !g.enoughToConclude).length;
  return (
    <div>
      <h3>{title}</h3>
      <p className="muted">
        From the optional equality-monitoring fields of watchlist entries (never used in matching), over adjudicated alerts: the share an operator rejected.
        Groups with fewer than {min} adjudicated alerts are too small to conclude anything.
      </p>
      {rows.length === 0 ? (
        <Empty>No adjudicated alerts yet.</Empty>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Adjudicated alerts</th>
                <th scope="col">False alerts</th>
                <th scope="col">False alert rate</th>
                <th scope="col">Enough to conclude?</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.group}</th>
                  <td>{g.alerts}</td>
                  <td>{g.falseAlerts}</td>
                  <td>{pct(g.falseAlertRate)}</td>
                  <td>{g.enoughToConclude ? "yes" : <span className="warn">no: too few alerts</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {tooSmall > 0 && (
            <p className="warn">
              {tooSmall} group(s) have fewer than {min} adjudicated alerts: differences between them may be chance.
            </p>
          )}
        </>
      )}
    </div>
  );
}
