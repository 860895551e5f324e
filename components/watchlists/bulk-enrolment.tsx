"use client";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "@/lib/client/api";
import type { BulkReportRow, BulkRowStatus } from "@/lib/watchlists/bulk-report";
import type { TBulkEnrolRequest } from "@/lib/watchlists/bulk-enrol-schemas";
import { MANIFEST_COLUMNS, parseManifest, type ParsedManifest } from "@/lib/watchlists/parse-manifest";
import { download, invalidManifestRows, loadSaved, PROBLEM, rowsMissingPhotos, sha256, storageKey, TEMPLATE } from "./bulk-enrolment-files";
import { remainingRows, startBulkRun, type BulkRunState } from "./bulk-enrolment-run";
import { BulkManifestCheck } from "./bulk-manifest-check";
import { BulkReportPanel } from "./bulk-report-panel";
import { photosFromFolder, photosFromZip, type PhotoSource } from "./photo-source";
import { postBulkEnrolment, type WatchlistSummary } from "./queries";
import { useEnrolment } from "./use-enrolment";
import "./watchlists.css";

type WatchlistOption = Pick<WatchlistSummary, "id" | "name" | "entries">;

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
  const { enrol, status: modelStatus, detail: modelDetail, warmUp } = useEnrolment();
  const [watchlistId, setWatchlistId] = useState(initialWatchlist ?? watchlists[0]?.id ?? "");
  const [manifestFile, setManifestFile] = useState<File | null>(null);
  const [source, setSource] = useState<PhotoSource | null>(null);
  const [sourceError, setSourceError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [parsed, setParsed] = useState<(ParsedManifest & { hash: string; name: string }) | null>(null);
  const [saved, setSaved] = useState<BulkReportRow[]>([]);
  const [run, setRun] = useState<BulkRunState | null>(null);
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
  // The models start loading once a manifest is read, while the photos are being chosen.
  const manifestRead = parsed !== null;
  useEffect(() => {
    if (canWrite && manifestRead) warmUp().catch(() => undefined);
  }, [canWrite, manifestRead, warmUp]);

  const invalidRows = useMemo(() => invalidManifestRows(parsed), [parsed]);
  const fatal = parsed?.errors.filter((e) => e.field === "header" || e.field === "file") ?? [];
  const missing = useMemo(() => (parsed && source ? rowsMissingPhotos(parsed, source) : 0), [parsed, source]);

  const report = run?.report ?? saved;
  const allRows = useMemo(() => [...invalidRows, ...report].sort((a, b) => a.line - b.line), [invalidRows, report]);
  const counts = useMemo(() => {
    const c = new Map<BulkRowStatus, number>();
    for (const r of allRows) c.set(r.status, (c.get(r.status) ?? 0) + 1);
    return c;
  }, [allRows]);
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
      setSourceError(errorMessage(e));
    } finally {
      setReading(false);
    }
  }

  function start() {
    if (!parsed || !source || !key) return;
    const post = (body: TBulkEnrolRequest) => postBulkEnrolment(watchlistId, body);
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

      {parsed && <BulkManifestCheck parsed={parsed} fatal={fatal.length > 0} />}

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

      {allRows.length > 0 && <BulkReportPanel allRows={allRows} counts={counts} enrolled={enrolled} watchlistName={wl?.name} />}
    </div>
  );
}
