"use client";
import { useState, type FormEvent } from "react";
import { AUDIT_ACTIONS, auditActionLabel, type AuditAction } from "@/lib/audit/audit-actions";
import { useAuditEvents, useVerifyAuditTrail, useWriteCheckpoint } from "./queries";
import { Empty, ExportLinks, Failed, Loading } from "./report-status";

type Filter = Partial<Record<"from" | "to" | "actor" | "action" | "deploymentId", string>>;

/** The actions a privacy officer filters by most (names and words from lib/audit/audit-actions.ts); any other action can be typed. */
const ACTIONS: ["" | AuditAction, string][] = [
  ["", "Any action"],
  ...(
    [
      "deployment.authorise",
      "deployment.refuse",
      "deployment.go_live",
      "deployment.close",
      "deployment.auto_close",
      "deployment.change_threshold",
      "alert.create",
      "alert.confirm",
      "alert.reject",
      "alert.record_outcome",
      "alert.flag_overdue",
      "alert.merge_sighting",
      "access.export_report",
      "access.read_alert_image",
      "access.read_watchlist_image",
      "access.deny",
      "auth.sign_in",
      "auth.sign_out",
      "retention.delete",
    ] as const
  ).map((a): [AuditAction, string] => [a, AUDIT_ACTIONS[a]]),
];

const FIELDS: { name: Exclude<keyof Filter, "action">; label: string; type?: string; placeholder?: string; maxLength?: number }[] = [
  { name: "from", label: "From", type: "datetime-local" },
  { name: "to", label: "To", type: "datetime-local" },
  { name: "actor", label: "Actor (e-mail or user id)", placeholder: "privacy@vigil.local", maxLength: 254 },
  { name: "deploymentId", label: "Deployment (reference or id)", placeholder: "DEP-DEMO-0001", maxLength: 64 },
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

const fieldWords = (k: string) =>
  k
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();

function fieldValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v).toLocaleString("en-GB") : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(fieldValue).join(", ");
  return JSON.stringify(v);
}

/** An event's details as labelled fields, not raw JSON. */
function Details({ details }: { details: unknown }) {
  if (!details || typeof details !== "object" || Array.isArray(details)) return <span className="muted">—</span>;
  const entries = Object.entries(details as Record<string, unknown>);
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <dl className="audit-details">
      {entries.slice(0, 12).map(([k, v]) => (
        <div key={k}>
          <dt>{fieldWords(k)}</dt>
          <dd>{fieldValue(v).slice(0, 300)}</dd>
        </div>
      ))}
    </dl>
  );
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
  const q = useAuditEvents(params);
  const verify = useVerifyAuditTrail();
  const checkpoint = useWriteCheckpoint();
  function onFilter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setFilter(Object.fromEntries([...FIELDS.map((f) => f.name), "action"].map((name) => [name, String(data.get(name) ?? "").trim() || undefined])) as Filter);
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
        Every change, sign-in, refusal and look at biometric data, hash-chained and signed with Ed25519. Anyone can check an export with the public key at{" "}
        <a href="/api/audit/keys?format=pem">/api/audit/keys</a>: <code>npm run audit:verify -- --file audit-export.json --public-key key.pem</code>. Repeat
        sightings are folded under their alert.
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
        <label>
          Action
          <select name="action" defaultValue="">
            {ACTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
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
                <th scope="col">What</th>
                <th scope="col">On</th>
                <th scope="col">Deployment</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {q.data.events.map((e) => (
                <tr key={e.id}>
                  <td>
                    {e.seq ?? (
                      <span className="muted" title="Committed; waiting for its place in the hash chain">
                        pending
                      </span>
                    )}
                  </td>
                  <td>{new Date(e.occurredAt).toLocaleString("en-GB")}</td>
                  <td>
                    {e.actorName ?? e.actorEmail ?? "System"}
                    {e.actorRole && <div className="muted small">{e.actorRole.replace(/_/g, " ").toLowerCase()}</div>}
                  </td>
                  <td>
                    {auditActionLabel(e.action)}
                    {e.outcome !== "ok" && <span className="warn"> ({e.outcome})</span>}
                    {e.foldedSightings > 0 && (
                      <div className="muted small" data-testid="folded-sightings">
                        + {e.foldedSightings} repeat sighting{e.foldedSightings === 1 ? "" : "s"}
                      </div>
                    )}
                  </td>
                  <td title={e.targetId ?? undefined}>
                    {e.targetName ??
                      (e.targetType ? `${e.targetType.replace(/_/g, " ")}${e.targetId && e.targetId.length <= 40 ? ` ${e.targetId}` : ""}` : "—")}
                  </td>
                  <td>{e.deploymentReference ?? "—"}</td>
                  <td className="details">
                    <Details details={e.details} />
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
