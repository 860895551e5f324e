"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { api } from "@/lib/client/api";
import { BarChart } from "./bar-chart";
import "./oversight.css";

const TABS = [
  { id: "deployments", label: "Deployment record" },
  { id: "audit", label: "Audit trail" },
  { id: "retention", label: "Retention" },
  { id: "accuracy", label: "Accuracy and equitability" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export function OversightDashboard() {
  const [tab, setTab] = useState<TabId>("deployments");
  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    const i = TABS.findIndex((t) => t.id === tab);
    if (e.key === "ArrowRight") setTab(TABS[(i + 1) % TABS.length].id);
    if (e.key === "ArrowLeft") setTab(TABS[(i + TABS.length - 1) % TABS.length].id);
  }
  return (
    <div className="stack">
      <h1>Oversight</h1>
      <div role="tablist" aria-label="Oversight reports" className="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button key={t.id} role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} tabIndex={tab === t.id ? 0 : -1} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="card stack">
        {tab === "deployments" && <DeploymentRecord />}
        {tab === "audit" && <AuditTrail />}
        {tab === "retention" && <Retention />}
        {tab === "accuracy" && <Accuracy />}
      </section>
    </div>
  );
}

function Loading({ what }: { what: string }) {
  return <p aria-busy="true">Loading {what}…</p>;
}

function Failed({ error }: { error: Error }) {
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}

interface RecordReport {
  columns: { key: string; label: string }[];
  rows: Record<string, string | number | null>[];
}

function DeploymentRecord() {
  const q = useQuery({ queryKey: ["oversight", "deployments"], queryFn: () => api<RecordReport>("/api/oversight/deployments") });
  return (
    <>
      <div className="row">
        <h2>Deployment record</h2>
        <span className="spacer" />
        <a href="/api/oversight/deployments?format=csv" download>
          Export CSV
        </a>
        <a href="/api/oversight/deployments?format=json" download>
          Export JSON
        </a>
        <a href="/api/oversight/deployments?format=pdf" download>
          Export PDF
        </a>
      </div>
      <p className="muted">
        One row per submitted deployment, with the columns police forces publish plus false alert rates per face and per alert,
        time to adjudication, threshold changes and the self-test. Definitions are in docs/oversight.md.
      </p>
      {q.isPending && <Loading what="deployments" />}
      {q.isError && <Failed error={q.error} />}
      {q.data && q.data.rows.length === 0 && <p className="muted">No deployment has been submitted yet.</p>}
      {q.data && q.data.rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                {q.data.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.data.rows.map((r) => (
                <tr key={String(r.reference)}>
                  {q.data.columns.map((c) => (
                    <td key={c.key}>{r[c.key] ?? "—"}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

interface AuditEventRow {
  seq: string;
  occurredAt: string;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

function AuditTrail() {
  const [filter, setFilter] = useState<{ action?: string; actorId?: string; deploymentId?: string }>({});
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const before = pages.at(-1) ?? null;
  const params = new URLSearchParams({ limit: "50", ...(before ? { before } : {}), ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) });
  const q = useQuery({
    queryKey: ["audit", params.toString()],
    queryFn: () => api<{ events: AuditEventRow[]; nextBefore: string | null }>(`/api/audit/events?${params}`),
  });
  const verify = useMutation({
    mutationFn: () =>
      api<{ chain: { ok: boolean; events: number; badSeq?: string; reason?: string }; checkpoints: { checked: number; problems: string[] }; ms: number }>(
        "/api/audit/verify",
        { method: "POST" },
      ),
  });
  const exportParams = new URLSearchParams(Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>);
  function onFilter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(e.currentTarget).entries()) as Record<string, string>;
    setFilter({ action: f.action || undefined, actorId: f.actorId || undefined, deploymentId: f.deploymentId || undefined });
    setPages([null]);
  }
  const v = verify.data;
  return (
    <>
      <div className="row">
        <h2>Audit trail</h2>
        <span className="spacer" />
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? "Verifying…" : "Verify the chain"}
        </button>
        <a href={`/api/audit/export?format=json&${exportParams}`} download>
          Export JSON
        </a>
        <a href={`/api/audit/export?format=csv&${exportParams}`} download>
          Export CSV
        </a>
      </div>
      {verify.isError && <Failed error={verify.error} />}
      {v && (
        <p role="status" className={v.chain.ok && !v.checkpoints.problems.length ? "ok" : "error"} data-testid="verify-result">
          {v.chain.ok && !v.checkpoints.problems.length
            ? `Intact: ${v.chain.events} events and ${v.checkpoints.checked} signed checkpoint(s) verified in ${v.ms} ms.`
            : `Broken at event ${v.chain.badSeq ?? "?"}: ${v.chain.reason ?? v.checkpoints.problems.join("; ")}`}
        </p>
      )}
      <form className="filters" onSubmit={onFilter} aria-label="Filter the audit trail">
        <label>
          Action
          <input name="action" placeholder="e.g. alert.confirm" maxLength={100} />
        </label>
        <label>
          Actor id
          <input name="actorId" placeholder="user id" maxLength={36} />
        </label>
        <label>
          Deployment id
          <input name="deploymentId" maxLength={36} />
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </form>
      {q.isPending && <Loading what="audit events" />}
      {q.isError && <Failed error={q.error} />}
      {q.data && q.data.events.length === 0 && <p className="muted">No audit events match.</p>}
      {q.data && q.data.events.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {q.data.events.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{new Date(e.occurredAt).toLocaleString("en-GB")}</td>
                  <td>{e.actorEmail ?? "system / anonymous"}</td>
                  <td className="mono">{e.action}</td>
                  <td>{e.outcome}</td>
                  <td className="mono">{[e.targetType, e.targetId].filter(Boolean).join(" ")}</td>
                  <td className="mono">{JSON.stringify(e.details).slice(0, 160)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row">
        <button type="button" className="secondary" disabled={pages.length <= 1} onClick={() => setPages((p) => p.slice(0, -1))}>
          Newer
        </button>
        <button type="button" className="secondary" disabled={!q.data?.nextBefore} onClick={() => setPages((p) => [...p, q.data!.nextBefore])}>
          Older
        </button>
      </div>
    </>
  );
}

interface RetentionReport {
  lastSuccessAt: string | null;
  receipts: { id: string; createdAt: string; kind: string; count: number; periodStart: string | null; periodEnd: string | null; reason: string }[];
}

function Retention() {
  const q = useQuery({ queryKey: ["oversight", "retention"], queryFn: () => api<RetentionReport>("/api/oversight/retention") });
  const run = useMutation({ mutationFn: () => api("/api/retention/run", { method: "POST" }), onSuccess: () => q.refetch() });
  return (
    <>
      <div className="row">
        <h2>Retention: what was deleted, when</h2>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={() => run.mutate()} disabled={run.isPending}>
          {run.isPending ? "Running…" : "Run retention now"}
        </button>
        <a href="/api/oversight/retention?format=csv" download>
          Export CSV
        </a>
        <a href="/api/oversight/retention?format=json" download>
          Export JSON
        </a>
      </div>
      <p className="muted">
        Non-matching faces are never stored. Alert images and records go after 31 days; watchlist snapshots 24 hours after their
        deployment ends; watchlist entries at their expiry. Each deletion leaves a receipt (kind, count, period — never the content)
        in the audit chain.
      </p>
      {run.isError && <Failed error={run.error} />}
      {q.data && <p>Last successful run: {q.data.lastSuccessAt ? new Date(q.data.lastSuccessAt).toLocaleString("en-GB") : "never"}</p>}
      {q.isPending && <Loading what="receipts" />}
      {q.isError && <Failed error={q.error} />}
      {q.data && q.data.receipts.length === 0 && <p className="muted">Nothing has been due for deletion yet.</p>}
      {q.data && q.data.receipts.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Count</th>
              <th scope="col">Period covered</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {q.data.receipts.map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.createdAt).toLocaleString("en-GB")}</td>
                <td>{r.kind}</td>
                <td>{r.count}</td>
                <td>
                  {r.periodStart ? new Date(r.periodStart).toLocaleDateString("en-GB") : "—"} – {r.periodEnd ? new Date(r.periodEnd).toLocaleDateString("en-GB") : "—"}
                </td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

interface GroupRow {
  group: string;
  alerts: number;
  falseAlerts: number;
  falseAlertRate: number | null;
  enoughToConclude: boolean;
}

interface AccuracyReport {
  alerts: number;
  adjudicated: number;
  confirmed: number;
  rejected: number;
  shareConfirmed: number | null;
  scoreHistogram: { confirmed: { from: number; count: number }[]; rejected: { from: number; count: number }[] };
  alertsPerHour: { hour: string; confirmed: number; rejected: number; open: number }[];
  bySex: GroupRow[];
  byEthnicity: GroupRow[];
  minGroupForConclusion: number;
}

function Accuracy() {
  const q = useQuery({ queryKey: ["oversight", "accuracy"], queryFn: () => api<AccuracyReport>("/api/oversight/accuracy") });
  if (q.isPending) return <Loading what="accuracy figures" />;
  if (q.isError) return <Failed error={q.error} />;
  const r = q.data;
  const bins = [...new Set([...r.scoreHistogram.confirmed, ...r.scoreHistogram.rejected].map((b) => b.from))].sort((a, b) => a - b);
  const at = (list: { from: number; count: number }[], from: number) => list.find((b) => b.from === from)?.count ?? 0;
  return (
    <>
      <div className="row">
        <h2>Accuracy and equitability</h2>
        <span className="spacer" />
        <a href="/api/oversight/accuracy?format=csv" download>
          Export CSV
        </a>
        <a href="/api/oversight/accuracy?format=json" download>
          Export JSON
        </a>
      </div>
      <p>
        {r.alerts} alert(s), {r.adjudicated} adjudicated: {r.confirmed} confirmed, {r.rejected} rejected
        {r.shareConfirmed !== null && ` (${Math.round(r.shareConfirmed * 100)}% confirmed)`}. Test alerts are excluded.
      </p>
      {r.alerts === 0 ? (
        <p className="muted">No alerts yet: charts appear once deployments produce alerts.</p>
      ) : (
        <>
          <BarChart
            title="Alerts per hour"
            description="Alerts per hour, by how they were adjudicated."
            categories={r.alertsPerHour.map((h) => h.hour.slice(5, 13).replace("T", " "))}
            series={[
              { label: "Confirmed", className: "bar-ok", values: r.alertsPerHour.map((h) => h.confirmed) },
              { label: "Rejected", className: "bar-danger", values: r.alertsPerHour.map((h) => h.rejected) },
              { label: "Open", className: "bar-warn", values: r.alertsPerHour.map((h) => h.open) },
            ]}
          />
          <BarChart
            title="Similarity scores of confirmed and rejected alerts"
            description="How many confirmed and rejected alerts fell in each similarity band."
            categories={bins.map((b) => b.toFixed(2))}
            series={[
              { label: "Confirmed", className: "bar-ok", values: bins.map((b) => at(r.scoreHistogram.confirmed, b)) },
              { label: "Rejected", className: "bar-danger", values: bins.map((b) => at(r.scoreHistogram.rejected, b)) },
            ]}
          />
        </>
      )}
      <GroupTable title="False alert rate by sex" rows={r.bySex} min={r.minGroupForConclusion} />
      <GroupTable title="False alert rate by ethnicity" rows={r.byEthnicity} min={r.minGroupForConclusion} />
    </>
  );
}

function GroupTable({ title, rows, min }: { title: string; rows: GroupRow[]; min: number }) {
  return (
    <div>
      <h3>{title}</h3>
      <p className="muted">
        From the optional equality-monitoring fields of watchlist entries (never used in matching). Groups with fewer than {min}{" "}
        adjudicated alerts are too small to conclude anything.
      </p>
      {rows.length === 0 ? (
        <p className="muted">No adjudicated alerts yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Adjudicated alerts</th>
              <th scope="col">False alerts</th>
              <th scope="col">False alert rate</th>
              <th scope="col">Conclusive?</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => (
              <tr key={g.group}>
                <td>{g.group}</td>
                <td>{g.alerts}</td>
                <td>{g.falseAlerts}</td>
                <td>{g.falseAlertRate === null ? "—" : `${Math.round(g.falseAlertRate * 1000) / 10}%`}</td>
                <td>{g.enoughToConclude ? "yes" : <span className="warn">too few</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
