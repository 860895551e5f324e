"use client";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import { BULK_STATUS_LABELS, bulkReportCsv, FINAL_STATUSES, type BulkReportRow, type BulkRowStatus } from "@/lib/watchlists/bulk-report";
import { bulkEnrolResponseSchema, type TBulkEnrolRequest } from "@/lib/watchlists/bulk-enrol-schemas";
import { MANIFEST_COLUMNS, parseManifest, toCsv, type ParsedManifest } from "@/lib/watchlists/parse-manifest";
import { remainingRows, startBulkRun, type BulkRunState } from "./bulk-enrolment-run";
import { photosFromFolder, photosFromZip, type PhotoSource } from "./photo-source";
import { useEnrolment } from "./use-enrolment";
import "./watchlists.css";

interface WatchlistOption {
  id: string;
  name: string;
  entries: number;
}

const PROBLEM: ReadonlySet<BulkRowStatus> = new Set([
  "no_face",
  "several_faces",
  "face_too_small",
  "low_quality",
  "missing_photo",
  "unreadable_photo",
  "invalid_row",
  "failed",
]);

async function sha256(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, 24);
}

const storageKey = (watchlistId: string, manifestHash: string) => `vigil.bulk-enrol.${watchlistId}.${manifestHash}`;

function loadSaved(key: string): BulkReportRow[] {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as BulkReportRow[]) : [];
  } catch {
    return [];
  }
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const TEMPLATE = toCsv([
  [...MANIFEST_COLUMNS],
  [
    "SUBJ-0001",
    "Jane Doe",
    "WANTED_BY_COURTS",
    "Burglary",
    "Arrest warrant 2026/123, Highbury Corner Magistrates",
    "Custody image",
    "2026-03-02",
    "2027-03-01",
    "SUBJ-0001/front.jpg",
    "no",
  ],
]);

/**
 * Bulk enrolment: a CSV manifest (one subject per row, with its own provenance) and a folder or
 * zip of photos. The manifest is validated first; each photo is detected and embedded in this
 * browser's recognition worker; finished rows go to the server in batches; the per-row report
 * is saved as it grows, so a reload (or Stop) resumes where it stopped.
 */
export function BulkEnrolment({
  watchlists,
  canWrite,
  initialWatchlist,
}: {
  watchlists: WatchlistOption[];
  canWrite: boolean;
  initialWatchlist: string | null;
}) {
  const { enrol, status: modelStatus, detail: modelDetail } = useEnrolment();
  const [watchlistId, setWatchlistId] = useState(initialWatchlist ?? watchlists[0]?.id ?? "");
  const [manifestFile, setManifestFile] = useState<File | null>(null);
  const [source, setSource] = useState<PhotoSource | null>(null);
  const [sourceError, setSourceError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [parsed, setParsed] = useState<(ParsedManifest & { hash: string; name: string }) | null>(null);
  const [saved, setSaved] = useState<BulkReportRow[]>([]);
  const [run, setRun] = useState<BulkRunState | null>(null);
  const [filter, setFilter] = useState<"all" | "problems" | "duplicates">("all");
  const stopRef = useRef<(() => void) | null>(null);

  /** Reads and validates the manifest, and loads the saved report of an earlier run of it into the watchlist (resume). */
  async function loadManifest(file: File | null, wl: string) {
    setRun(null);
    if (!file) {
      setParsed(null);
      setSaved([]);
      return;
    }
    const text = await file.text();
    const result = { ...parseManifest(text), hash: await sha256(text), name: file.name };
    setParsed(result);
    setSaved(wl ? loadSaved(storageKey(wl, result.hash)) : []);
  }

  const key = parsed && watchlistId ? storageKey(watchlistId, parsed.hash) : null;
  useEffect(() => () => stopRef.current?.(), []);

  const invalidRows: BulkReportRow[] = useMemo(() => {
    if (!parsed) return [];
    const byLine = new Map<number, string[]>();
    for (const e of parsed.errors)
      if (e.field !== "header" && e.field !== "file") byLine.set(e.line, [...(byLine.get(e.line) ?? []), `${e.field}: ${e.message}`]);
    return [...byLine].map(([line, messages]) => ({ line, subjectReference: "", files: "", status: "invalid_row" as const, detail: messages.join("; ") }));
  }, [parsed]);
  const fatal = parsed?.errors.filter((e) => e.field === "header" || e.field === "file") ?? [];
  const missing = useMemo(
    () =>
      parsed && source
        ? parsed.rows.filter((r) =>
            r.files.some(
              (f) =>
                !source.files.has(
                  f
                    .replace(/\\/g, "/")
                    .replace(/^\.?\//, "")
                    .toLowerCase(),
                ),
            ),
          ).length
        : 0,
    [parsed, source],
  );

  const report = run?.report ?? saved;
  const allRows = useMemo(() => [...invalidRows, ...report].sort((a, b) => a.line - b.line), [invalidRows, report]);
  const counts = useMemo(() => {
    const c = new Map<BulkRowStatus, number>();
    for (const r of allRows) c.set(r.status, (c.get(r.status) ?? 0) + 1);
    return c;
  }, [allRows]);
  const shown = allRows.filter((r) => (filter === "problems" ? PROBLEM.has(r.status) : filter === "duplicates" ? r.status === "possible_duplicate" : true));
  const total = parsed ? parsed.rows.length : 0;
  const done = run ? run.done : total - remainingRows(parsed?.rows ?? [], saved);
  const running = run?.phase === "running" || run?.phase === "checking" || run?.phase === "stopping";
  const enrolled = (counts.get("enrolled") ?? 0) + (counts.get("possible_duplicate") ?? 0);
  const rate = run && run.processedNow > 0 ? run.processedNow / (Math.max(1, run.updatedAt - run.startedAt) / 1000) : 0;

  async function choosePhotos(files: FileList | null, kind: "folder" | "zip") {
    setSourceError(null);
    if (!files?.length) return;
    setReading(true);
    try {
      const next = kind === "zip" ? await photosFromZip(files[0]) : photosFromFolder(files);
      setSource(next);
      if (!manifestFile) await loadManifest(next.manifest, watchlistId);
    } catch (e) {
      setSource(null);
      setSourceError((e as Error).message);
    } finally {
      setReading(false);
    }
  }

  function start() {
    if (!parsed || !source || !key) return;
    const post = async (body: TBulkEnrolRequest) =>
      bulkEnrolResponseSchema.parse(await api(`/api/watchlists/${watchlistId}/bulk`, { method: "POST", json: body }));
    const handle = startBulkRun(
      {
        rows: parsed.rows,
        photos: source.files,
        enrol,
        post,
        previous: saved,
        save: (r) => {
          try {
            localStorage.setItem(key, JSON.stringify(r));
          } catch {
            // storage full: the run goes on; a resume relies on the server's list of enrolled references
          }
        },
      },
      setRun,
    );
    stopRef.current = handle.stop;
    void handle.finished.then((final) => {
      stopRef.current = null;
      setSaved(final.report);
    });
  }

  function startOver() {
    if (key) localStorage.removeItem(key);
    setSaved([]);
    setRun(null);
  }

  const wl = watchlists.find((w) => w.id === watchlistId);
  const ready = canWrite && !!parsed && !!source && fatal.length === 0 && parsed.rows.length > 0 && !!watchlistId;
  const resumable = !run && saved.length > 0 && saved.length < total;

  return (
    <div className="stack">
      <p>
        <Link href="/watchlists">← Watchlists</Link>
      </p>
      <h1>Bulk enrolment</h1>
      <p className="muted">
        A CSV manifest names each subject with their own reason, legal basis, image source and date, expiry and photo file(s). Photos are read and embedded in
        this browser; only the aligned face and its embedding are sent. New entries wait for an authorising officer&apos;s review like any other.
      </p>
      {!canWrite && (
        <p role="alert" className="error">
          Only a commander can enrol subjects.
        </p>
      )}
      <section className="card stack" aria-labelledby="bulk-input">
        <h2 id="bulk-input">1. Manifest and photos</h2>
        <div className="bulk-inputs">
          <label>
            Watchlist
            <select
              value={watchlistId}
              onChange={(e) => {
                setWatchlistId(e.target.value);
                setRun(null);
                setSaved(parsed ? loadSaved(storageKey(e.target.value, parsed.hash)) : []);
              }}
              disabled={running}
              name="watchlist"
            >
              {watchlists.length === 0 && <option value="">No watchlists yet</option>}
              {watchlists.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name} ({w.entries} entries)
                </option>
              ))}
            </select>
          </label>
          <label>
            Manifest (CSV)
            <input
              type="file"
              accept=".csv,text/csv"
              disabled={running}
              onChange={(e) => {
                const file = e.target.files?.[0] ?? null;
                setManifestFile(file);
                void loadManifest(file ?? source?.manifest ?? null, watchlistId);
              }}
              data-testid="bulk-manifest"
            />
          </label>
          <label>
            Photo folder
            <input
              type="file"
              multiple
              disabled={running}
              ref={(el) => el?.setAttribute("webkitdirectory", "")}
              onChange={(e) => void choosePhotos(e.target.files, "folder")}
              data-testid="bulk-folder"
            />
          </label>
          <label>
            …or a zip of photos
            <input
              type="file"
              accept=".zip,application/zip"
              disabled={running}
              onChange={(e) => void choosePhotos(e.target.files, "zip")}
              data-testid="bulk-zip"
            />
          </label>
        </div>
        <p className="muted">
          Columns: <code>{MANIFEST_COLUMNS.join(",")}</code>. Dates as YYYY-MM-DD; several photos separated by &quot;;&quot;; a <code>manifest.csv</code> inside
          the folder or zip is used when no manifest is chosen.{" "}
          <button type="button" className="secondary" onClick={() => download("manifest-template.csv", TEMPLATE)}>
            Download a template
          </button>
        </p>
        {reading && <p aria-busy="true">Reading the photos…</p>}
        {sourceError && (
          <p role="alert" className="error">
            {sourceError}
          </p>
        )}
        {source && (
          <p data-testid="bulk-source">
            {source.files.size} photo(s) in {source.label}
            {missing > 0 ? ` · ${missing} row(s) name a photo that is not there` : ""}
          </p>
        )}
      </section>

      {parsed && (
        <section className="card stack" aria-labelledby="bulk-check">
          <h2 id="bulk-check">2. Manifest check</h2>
          <p data-testid="bulk-validation" role="status">
            {parsed.name}: {parsed.rows.length} valid row(s)
            {parsed.errors.length ? `, ${parsed.errors.length} problem(s) on ${new Set(parsed.errors.map((e) => e.line)).size} line(s)` : ", no problems"}.
            {parsed.errors.length > 0 && fatal.length === 0 ? " Invalid rows are not enrolled and are listed in the report." : ""}
          </p>
          {parsed.errors.length > 0 && (
            <div className="bulk-table bulk-errors">
              <table className="table">
                <caption className="sr-only">Manifest problems</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Field</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {parsed.errors.slice(0, 200).map((e, i) => (
                    <tr key={i}>
                      <td>{e.line}</td>
                      <td>{e.field}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {parsed.errors.length > 200 && <p className="muted">…and {parsed.errors.length - 200} more.</p>}
            </div>
          )}
        </section>
      )}

      {parsed && fatal.length === 0 && (
        <section className="card stack" aria-labelledby="bulk-run">
          <h2 id="bulk-run">3. Enrol</h2>
          {resumable && (
            <p role="status" data-testid="bulk-resume">
              An earlier run of this manifest into {wl?.name ?? "this watchlist"} stopped after {saved.length} of {total} rows. Start continues with the
              remaining {remainingRows(parsed.rows, saved)}.
            </p>
          )}
          <div className="row">
            <button type="button" onClick={start} disabled={!ready || running || remainingRows(parsed.rows, report) === 0}>
              {resumable ? "Resume enrolment" : "Start enrolment"}
            </button>
            {running && (
              <button type="button" className="secondary" onClick={() => stopRef.current?.()} disabled={run?.phase === "stopping"}>
                {run?.phase === "stopping" ? "Stopping…" : "Stop"}
              </button>
            )}
            {!running && saved.length > 0 && (
              <button type="button" className="secondary" onClick={startOver}>
                Forget this run&apos;s report
              </button>
            )}
            {!source && <span className="muted">Choose the photo folder or zip to start.</span>}
          </div>
          {modelStatus !== "idle" && modelStatus !== "ready" && <p className="muted">{modelDetail}</p>}
          {(run || saved.length > 0) && (
            <div className="stack bulk-progress" data-testid="bulk-progress">
              <progress max={Math.max(1, total)} value={done} aria-label="Rows processed" />
              <p role="status" aria-live="polite">
                {done} of {total} rows · {enrolled} enrolled · {counts.get("possible_duplicate") ?? 0} possible duplicates ·{" "}
                {[...PROBLEM].reduce((n, s) => n + (s === "invalid_row" ? 0 : (counts.get(s) ?? 0)), 0)} not enrolled
                {run?.phase === "running" && rate > 0 ? ` · ${rate.toFixed(1)} rows/s, about ${Math.ceil((total - done) / rate)} s left` : ""}
                {run?.current && run.phase === "running" ? ` · ${run.current}` : ""}
                {run?.phase === "done" ? " · finished" : run?.phase === "stopped" ? " · stopped (Resume continues)" : ""}
              </p>
              {run?.error && (
                <p role="alert" className="error">
                  The run stopped: {run.error}. Resume continues where it stopped.
                </p>
              )}
            </div>
          )}
        </section>
      )}

      {allRows.length > 0 && (
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
              onClick={() => download(`enrolment-report-${wl?.name.replace(/[^A-Za-z0-9_-]+/g, "-") ?? "watchlist"}.csv`, bulkReportCsv(allRows))}
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
      )}
    </div>
  );
}
