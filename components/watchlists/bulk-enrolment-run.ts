"use client";
import { FINAL_STATUSES, reportRowsOfEnrolled, statusForRejection, type BulkReportRow } from "@/lib/watchlists/bulk-report";
import type { TBulkEnrolRequest, TBulkEnrolResponse, TBulkRow } from "@/lib/watchlists/bulk-enrol-schemas";
import { MAX_BULK_CHECK_REFERENCES } from "@/lib/watchlists/bulk-enrol-schemas";
import type { ManifestRow } from "@/lib/watchlists/parse-manifest";
import type { EnrolOutcome } from "./use-enrolment";
import { photoKey } from "./photo-source";

/** Rows per request: small enough that a batch stays well under the route's body limit. */
export const BULK_BATCH_ROWS = 10;

export interface BulkRunDeps {
  rows: ManifestRow[];
  photos: Map<string, File>;
  /** Detect and embed one photo in the recognition worker. */
  enrol: (file: File) => Promise<EnrolOutcome>;
  post: (body: TBulkEnrolRequest) => Promise<TBulkEnrolResponse>;
  /** The report of an earlier run of the same manifest into the same watchlist (resume). */
  previous: BulkReportRow[];
  save: (report: BulkReportRow[]) => void;
}

export interface BulkRunState {
  phase: "checking" | "running" | "stopping" | "stopped" | "done" | "failed";
  total: number;
  /** Rows with a result (including those carried over from an earlier run). */
  done: number;
  report: BulkReportRow[];
  current: string | null;
  error: string | null;
  startedAt: number;
  /** When this state was emitted. */
  updatedAt: number;
  /** Rows processed in this run (for the rate). */
  processedNow: number;
}

/**
 * One bulk enrolment run, outside React: resumes from the earlier report and the server's list
 * of references already enrolled, embeds each row's photos in the worker, posts finished rows
 * in batches (one request in flight while the next rows are embedded), saves the report after
 * every batch. `stop()` finishes the row in hand and the request in flight, then stops.
 */
export function startBulkRun(deps: BulkRunDeps, onState: (s: BulkRunState) => void): { stop: () => void; finished: Promise<BulkRunState> } {
  const report = new Map<number, BulkReportRow>();
  for (const r of deps.previous) if (r.status !== "failed") report.set(r.line, r);
  let stopping = false;
  const state = (): BulkRunState => ({ ...s, done: report.size, report: [...report.values()], updatedAt: Date.now() });
  const s: BulkRunState = {
    phase: "checking",
    total: deps.rows.length,
    done: report.size,
    report: [],
    current: null,
    error: null,
    startedAt: Date.now(),
    updatedAt: Date.now(),
    processedNow: 0,
  };
  const emit = () => onState(state());
  const base = (row: ManifestRow) => ({ line: row.line, subjectReference: row.entry.subjectReference, files: row.files.join(";") });

  async function send(batch: TBulkRow[]) {
    try {
      const res = await deps.post({ action: "enrol", rows: batch });
      if (res.action !== "enrol") throw new Error("unexpected answer");
      for (const row of reportRowsOfEnrolled(batch, res.results)) report.set(row.line, row);
    } catch (e) {
      for (const b of batch)
        report.set(b.line, {
          line: b.line,
          subjectReference: b.entry.subjectReference,
          files: b.images.map((i) => i.file).join(";"),
          status: "failed",
          detail: (e as Error).message,
        });
    }
    deps.save([...report.values()]);
    emit();
  }

  async function run(): Promise<BulkRunState> {
    emit();
    const refs = deps.rows.filter((r) => !report.has(r.line)).map((r) => r.entry.subjectReference);
    for (let i = 0; i < refs.length; i += MAX_BULK_CHECK_REFERENCES) {
      const res = await deps.post({ action: "check", references: refs.slice(i, i + MAX_BULK_CHECK_REFERENCES) });
      if (res.action !== "check") throw new Error("unexpected answer");
      const existing = new Set(res.existing.map((e) => e.subjectReference));
      for (const row of deps.rows)
        if (!report.has(row.line) && existing.has(row.entry.subjectReference))
          report.set(row.line, { ...base(row), status: "already_enrolled", detail: "already on this watchlist: skipped" });
    }
    deps.save([...report.values()]);
    s.phase = "running";
    emit();
    let batch: TBulkRow[] = [];
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async () => {
      await inFlight;
      if (batch.length) inFlight = send(batch);
      batch = [];
    };
    for (const row of deps.rows) {
      if (stopping) break;
      if (report.has(row.line)) continue;
      s.current = row.entry.subjectReference;
      const images: TBulkRow["images"] = [];
      let refused: BulkReportRow | null = null;
      for (const file of row.files) {
        const photo = deps.photos.get(photoKey(file));
        if (!photo) {
          refused = { ...base(row), status: "missing_photo", detail: `${file} is not in the folder or zip` };
          break;
        }
        const out = await deps.enrol(photo);
        if (!out.ok) {
          refused = { ...base(row), status: out.reason ? statusForRejection(out.reason) : "unreadable_photo", detail: `${file}: ${out.message}` };
          break;
        }
        URL.revokeObjectURL(out.previewUrl);
        images.push({
          file,
          embedding: out.embedding,
          modelId: out.modelId,
          modelVersion: out.modelVersion,
          detectorScore: out.detectorScore,
          faceJpeg: out.faceJpeg,
        });
      }
      s.processedNow++;
      if (refused) report.set(row.line, refused);
      else batch.push({ line: row.line, entry: row.entry, images });
      if (batch.length >= BULK_BATCH_ROWS) await flush();
      emit();
    }
    await flush();
    await inFlight;
    deps.save([...report.values()]);
    s.current = null;
    s.phase = stopping && report.size < deps.rows.length ? "stopped" : "done";
    const final = state();
    onState(final);
    return final;
  }

  const finished = run().catch((e: Error) => {
    s.phase = "failed";
    s.error = e.message;
    const final = state();
    onState(final);
    return final;
  });
  return {
    stop: () => {
      stopping = true;
      s.phase = "stopping";
      emit();
    },
    finished,
  };
}

/** Rows still to do after a report (what a resumed run will process). */
export function remainingRows(rows: ManifestRow[], report: BulkReportRow[]) {
  const done = new Set(report.filter((r) => r.status !== "failed").map((r) => r.line));
  return rows.filter((r) => !done.has(r.line)).length;
}

export { FINAL_STATUSES };
