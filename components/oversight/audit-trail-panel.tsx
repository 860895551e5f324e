"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/client/api";
import { Empty, ExportLinks, Failed, Loading } from "./report-status";

interface AuditEventRow {
  seq: string;
  occurredAt: string;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  deploymentId: string | null;
  details: unknown;
}

interface VerifyReport {
  chain: { ok: boolean; events: number; lastSeq?: string | null; badSeq?: string; reason?: string };
  anchor: { seq: string; signed: boolean };
  checkpoints: { checked: number; latest: { seq: string; createdAt: string } | null; problems: string[] };
  ms: number;
}

type Filter = Partial<Record<"from" | "to" | "actor" | "action" | "deploymentId", string>>;

const FIELDS: { name: keyof Filter; label: string; type?: string; placeholder?: string; maxLength?: number }[] = [
  { name: "from", label: "From", type: "datetime-local" },
  { name: "to", label: "To", type: "datetime-local" },
  { name: "actor", label: "Actor (e-mail or user id)", placeholder: "privacy@vigil.local", maxLength: 254 },
  { name: "action", label: "Action", placeholder: "alert.confirm", maxLength: 100 },
  { name: "deploymentId", label: "Deployment id", placeholder: "UUID", maxLength: 36 },
];

function toParams(filter: Filter): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) {
    if (!v) continue;
    // datetime-local is the browser's local time; the API takes ISO 8601 with an offset.
    p.set(k, k === "from" || k === "to" ? new Date(v).toISOString() : v);
  }
  return p;
}

/** The audit trail: filters, keyset pages of 50, the chain check, signed checkpoints, exports. */
export function AuditTrailPanel() {
  const [filter, setFilter] = useState<Filter>({});
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const before = pages.at(-1) ?? null;
  const filterParams = toParams(filter);
  const params = new URLSearchParams(filterParams);
  params.set("limit", "50");
  if (before) params.set("before", before);
  const q = useQuery({
    queryKey: ["audit", params.toString()],
    queryFn: () => api<{ events: AuditEventRow[]; nextBefore: string | null }>(`/api/audit/events?${params}`),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => api<VerifyReport>("/api/audit/verify", { method: "POST" }) });
  const checkpoint = useMutation({
    mutationFn: () => api<{ checkpoint: { seq: string; createdAt: string } | null }>("/api/audit/checkpoints", { method: "POST" }),
    onSuccess: () => q.refetch(),
  });
  function onFilter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setFilter(Object.fromEntries(FIELDS.map((f) => [f.name, String(data.get(f.name) ?? "").trim() || undefined])) as Filter);
    setPages([null]);
  }
  function onClear(e: FormEvent<HTMLFormElement>) {
    e.currentTarget.reset();
    setFilter({});
    setPages([null]);
  }
  const v = verify.data;
  const intact = v && v.chain.ok && !v.checkpoints.problems.length;
  return (
    <>
      <div className="row">
        <h2>Audit trail</h2>
        <span className="spacer" />
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? "Verifying…" : "Verify the chain"}
        </button>
        <button type="button" className="secondary" onClick={() => checkpoint.mutate()} disabled={checkpoint.isPending}>
          {checkpoint.isPending ? "Signing…" : "Sign a checkpoint now"}
        </button>
        <ExportLinks base="/api/audit/export" params={filterParams} formats={["json", "csv"]} />
      </div>
      <p className="muted">
        Every change, sign-in, refusal and look at biometric data, hash-chained and signed. An export filtered by time alone verifies
        offline: <code>npm run audit:verify -- --file audit-export.json</code>.
      </p>
      {verify.isError && <Failed error={verify.error} />}
      {v && (
        <p role="status" className={intact ? "ok" : "error"} data-testid="verify-result">
          {intact
            ? `Intact: ${v.chain.events} events ${v.anchor.signed ? `from the signed anchor at event ${v.anchor.seq}` : "from genesis"} and ${v.checkpoints.checked} signed checkpoint(s) verified in ${v.ms} ms.`
            : v.chain.ok
              ? `Checkpoint problem: ${v.checkpoints.problems.join("; ")}`
              : `Broken at event ${v.chain.badSeq}: ${v.chain.reason}`}
        </p>
      )}
      {checkpoint.isError && <Failed error={checkpoint.error} />}
      {checkpoint.data?.checkpoint && (
        <p role="status" className="muted">
          Signed checkpoint at event {checkpoint.data.checkpoint.seq}.
        </p>
      )}
      <form className="filters" onSubmit={onFilter} onReset={onClear} aria-label="Filter the audit trail">
        {FIELDS.map((f) => (
          <label key={f.name}>
            {f.label}
            <input name={f.name} type={f.type ?? "text"} placeholder={f.placeholder} maxLength={f.maxLength} />
          </label>
        ))}
        <div className="row">
          <button type="submit" className="secondary">
            Filter
          </button>
          <button type="reset" className="secondary">
            Clear
          </button>
        </div>
      </form>
      {q.isPending && <Loading what="audit events" />}
      {q.isError && <Failed error={q.error} retry={() => q.refetch()} />}
      {q.data && q.data.events.length === 0 && <Empty>No audit events match.</Empty>}
      {q.data && q.data.events.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit events" aria-busy={q.isFetching}>
          <table className="table audit-table">
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
                  <td>
                    {e.actorEmail ?? "system"}
                    {e.actorRole && <span className="muted"> · {e.actorRole}</span>}
                  </td>
                  <td className="mono">{e.action}</td>
                  <td className={e.outcome === "ok" ? undefined : "warn"}>{e.outcome}</td>
                  <td className="mono">{[e.targetType, e.targetId].filter(Boolean).join(" ")}</td>
                  <td className="mono details" title={JSON.stringify(e.details).slice(0, 2000)}>
                    {JSON.stringify(e.details).slice(0, 300)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="row" aria-label="Audit trail pages">
        <button type="button" className="secondary" disabled={pages.length <= 1} onClick={() => setPages((p) => p.slice(0, -1))}>
          Newer
        </button>
        <span>Page {pages.length}</span>
        <button type="button" className="secondary" disabled={!q.data?.nextBefore} onClick={() => setPages((p) => [...p, q.data!.nextBefore])}>
          Older
        </button>
      </nav>
    </>
  );
}
