"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api, readApiError } from "@/lib/client/api";
import { CRIME_TYPES } from "@/lib/intel/crime-row";
import { formatArea } from "@/lib/zones/zone-geometry";
import type { HeatFilters } from "./types";

interface Facets {
  months: { month: string; count: number }[];
  crimeTypes: { crimeType: string; count: number }[];
  imports: { id: string; fileName: string; rowsRead: number; rowsAccepted: number; rowsRejected: number; createdAt: string; finishedAt: string | null }[];
}
interface Ranking {
  months: string[];
  hours: number;
  zones: { zoneId: string; name: string; areaM2: number; seriousCrimes: number; byType: Record<string, number>; perHour: number; perKm2: number }[];
}
interface ImportResult {
  importId: string;
  fileName: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejections: { line: number; reason: string }[];
  error: string | null;
  ms: number;
}
type ImportState =
  | { phase: "idle" }
  | { phase: "running"; fileName: string; rowsRead: number; rowsAccepted: number; rowsRejected: number }
  | { phase: "done"; result: ImportResult }
  | { phase: "failed"; message: string };

const SERIOUS = "SERIOUS_VIOLENT";
const REJECTIONS_PAGE = 10;

/** Streams a CSV to the import route and reports each NDJSON progress line. */
async function uploadCsv(file: Blob, fileName: string, onLine: (line: Record<string, unknown>) => void): Promise<void> {
  const response = await fetch(`/api/intel/imports?fileName=${encodeURIComponent(fileName)}`, {
    method: "POST",
    body: file,
    headers: { "content-type": "text/csv" },
    credentials: "same-origin",
  });
  if (!response.ok || !response.body) throw await readApiError(response, `Upload failed (${response.status}).`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) onLine(JSON.parse(line) as Record<string, unknown>);
    }
  }
}

/** Street-level crime: import police.uk CSVs, filter the heat layer, rank the zones. */
export function IntelPanel({ canImport, filters, onFilters, heatInfo }: { canImport: boolean; filters: HeatFilters; onFilters: (f: HeatFilters) => void; heatInfo: string | null }) {
  const qc = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<ImportState>({ phase: "idle" });
  const [rejectPage, setRejectPage] = useState(0);
  const [rankMonth, setRankMonth] = useState("");
  const facets = useQuery({ queryKey: ["intel-facets"], queryFn: () => api<Facets>("/api/intel/facets") });
  const ranking = useQuery({
    queryKey: ["intel-ranking", rankMonth, filters.importId],
    queryFn: () => api<Ranking>(`/api/intel/ranking?${new URLSearchParams({ ...(rankMonth ? { month: rankMonth } : {}), ...(filters.importId ? { importId: filters.importId } : {}) })}`),
  });

  async function runImport(file: Blob, fileName: string) {
    setState({ phase: "running", fileName, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0 });
    setRejectPage(0);
    try {
      let finished = false;
      await uploadCsv(file, fileName, (line) => {
        if (line.type === "progress") setState({ phase: "running", fileName, rowsRead: Number(line.rowsRead), rowsAccepted: Number(line.rowsAccepted), rowsRejected: Number(line.rowsRejected) });
        else if (line.type === "done") {
          finished = true;
          setState({ phase: "done", result: line.result as ImportResult });
        } else if (line.type === "error") {
          finished = true;
          setState({ phase: "failed", message: String(line.message) });
        }
      });
      if (!finished) setState({ phase: "failed", message: "The connection closed before the import finished; reload to see how far it got." });
    } catch (e) {
      setState({ phase: "failed", message: (e as Error).message });
    }
    await Promise.all([qc.invalidateQueries({ queryKey: ["intel-facets"] }), qc.invalidateQueries({ queryKey: ["intel-ranking"] }), qc.invalidateQueries({ queryKey: ["intel-grid"] })]);
  }

  async function importSample() {
    const r = await fetch("/samples/crime-sample.csv");
    if (!r.ok) {
      setState({ phase: "failed", message: "The sample file could not be loaded." });
      return;
    }
    await runImport(await r.blob(), "crime-sample.csv");
  }

  const running = state.phase === "running";
  return (
    <div className="stack">
      <h2>Intelligence</h2>
      {canImport && (
        <section className="card stack" aria-labelledby="import-title">
          <h3 id="import-title">Import street-level crime</h3>
          <p className="muted">A police.uk street-level crime CSV (one force, one month). Rows are checked as the file streams in; bad rows are listed with their line numbers and the good ones kept.</p>
          <div className="row">
            <label>
              CSV file
              <input ref={fileInput} type="file" accept=".csv,text/csv" name="crimeCsv" disabled={running} />
            </label>
            <button
              type="button"
              disabled={running}
              onClick={() => {
                const f = fileInput.current?.files?.[0];
                if (!f) setState({ phase: "failed", message: "Choose a CSV file first." });
                else void runImport(f, f.name);
              }}
            >
              Import file
            </button>
            <button type="button" className="secondary" disabled={running} onClick={() => void importSample()}>
              Import the sample file
            </button>
          </div>
          {state.phase === "running" && (
            <div role="status" aria-live="polite">
              <progress className="progress" aria-label="Import in progress" />
              <p data-testid="import-progress">
                Importing {state.fileName}: {state.rowsRead.toLocaleString("en-GB")} rows processed ({state.rowsAccepted.toLocaleString("en-GB")} kept, {state.rowsRejected} rejected)…
              </p>
            </div>
          )}
          {state.phase === "failed" && (
            <p role="alert" className="error">
              {state.message}
            </p>
          )}
          {state.phase === "done" && (
            <div role="status" className="stack">
              <p data-testid="import-result" className={state.result.error ? "warn" : "ok"}>
                {state.result.fileName}: {state.result.rowsRead.toLocaleString("en-GB")} rows processed, {state.result.rowsAccepted.toLocaleString("en-GB")} imported, {state.result.rowsRejected} rejected
                {state.result.error ? ` — stopped: ${state.result.error}` : ""} ({(state.result.ms / 1000).toFixed(1)} s).
              </p>
              {state.result.rejections.length > 0 && (
                <table className="table compact">
                  <caption className="muted">
                    Rejected lines{state.result.rowsRejected > state.result.rejections.length ? ` (the first ${state.result.rejections.length} of ${state.result.rowsRejected})` : ""}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.result.rejections.slice(rejectPage * REJECTIONS_PAGE, (rejectPage + 1) * REJECTIONS_PAGE).map((r) => (
                      <tr key={`${r.line}-${r.reason}`}>
                        <td>{r.line || "—"}</td>
                        <td>{r.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {state.result.rejections.length > REJECTIONS_PAGE && (
                <Pager page={rejectPage} pages={Math.ceil(state.result.rejections.length / REJECTIONS_PAGE)} onPage={setRejectPage} label="Rejected lines" />
              )}
            </div>
          )}
        </section>
      )}

      <section className="card stack" aria-labelledby="heat-title">
        <h3 id="heat-title">Heat layer</h3>
        {facets.isError && (
          <p role="alert" className="error">
            {facets.error.message}
          </p>
        )}
        {facets.data && facets.data.months.length === 0 && <p className="muted">No crime data yet{canImport ? ": import a file above." : "."}</p>}
        <div className="grid-form">
          <label className="inline">
            <input type="checkbox" checked={filters.show} onChange={(e) => onFilters({ ...filters, show: e.target.checked })} /> Show on the map
          </label>
          <label>
            Month
            <select value={filters.month} onChange={(e) => onFilters({ ...filters, month: e.target.value })}>
              <option value="">All months</option>
              {facets.data?.months.map((m) => (
                <option key={m.month} value={m.month}>
                  {m.month} ({m.count.toLocaleString("en-GB")})
                </option>
              ))}
            </select>
          </label>
          <label>
            Crime type
            <select value={filters.crimeType} onChange={(e) => onFilters({ ...filters, crimeType: e.target.value })}>
              <option value="">All crime</option>
              <option value={SERIOUS}>Serious violent crime</option>
              {CRIME_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            Import
            <select value={filters.importId} onChange={(e) => onFilters({ ...filters, importId: e.target.value })}>
              <option value="">All imports</option>
              {facets.data?.imports.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.fileName} ({new Date(i.createdAt).toLocaleDateString("en-GB")}, {i.rowsAccepted.toLocaleString("en-GB")} rows)
                </option>
              ))}
            </select>
          </label>
        </div>
        {heatInfo && (
          <p className="muted" role="status">
            {heatInfo}
          </p>
        )}
      </section>

      <section className="card stack" aria-labelledby="rank-title">
        <h3 id="rank-title">Zones ranked by serious violent crime per hour</h3>
        <p className="muted">
          Serious violent crime = violence and sexual offences, robbery and possession of weapons recorded inside the zone, divided by the hours in the months counted: the number of such crimes one hour of deployment there coincides with
          on average (police.uk gives no time of day). Per km² alongside, so a larger zone is not mistaken for a better one.
        </p>
        <label>
          Months counted
          <select value={rankMonth} onChange={(e) => setRankMonth(e.target.value)}>
            <option value="">All months</option>
            {facets.data?.months.map((m) => (
              <option key={m.month} value={m.month}>
                {m.month}
              </option>
            ))}
          </select>
        </label>
        {ranking.isPending && <p aria-busy="true">Ranking zones…</p>}
        {ranking.isError && (
          <p role="alert" className="error">
            {ranking.error.message}
          </p>
        )}
        {ranking.data && ranking.data.zones.length === 0 && <p className="muted">No zones to rank yet.</p>}
        {ranking.data && ranking.data.zones.length > 0 && (
          <table className="table compact" data-testid="zone-ranking">
            <caption className="muted">
              {ranking.data.months.length ? `${ranking.data.months.join(", ")} (${ranking.data.hours.toLocaleString("en-GB")} hours)` : "No crime data in this selection"}
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Zone</th>
                <th scope="col">Serious violent</th>
                <th scope="col">Per hour</th>
                <th scope="col">Per km²</th>
              </tr>
            </thead>
            <tbody>
              {ranking.data.zones.map((z, i) => (
                <tr key={z.zoneId}>
                  <td>{i + 1}</td>
                  <td>
                    {z.name} <span className="muted">({formatArea(z.areaM2)})</span>
                  </td>
                  <td title={Object.entries(z.byType).map(([t, n]) => `${t}: ${n}`).join("\n")}>{z.seriousCrimes}</td>
                  <td>{z.perHour.toFixed(4)}</td>
                  <td>{Math.round(z.perKm2).toLocaleString("en-GB")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export function Pager({ page, pages, onPage, label }: { page: number; pages: number; onPage: (p: number) => void; label: string }) {
  return (
    <nav className="row pager" aria-label={`${label} pages`}>
      <button type="button" className="secondary" disabled={page <= 0} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span className="muted">
        Page {page + 1} of {pages}
      </span>
      <button type="button" className="secondary" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
