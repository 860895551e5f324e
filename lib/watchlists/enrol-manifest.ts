import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import type { CurrentUser } from "@/lib/auth/current-user";
import { alignmentTransform, warpFaceToRgba } from "@/lib/recognition/align";
import { enrolFromFrame } from "@/lib/recognition/enrol";
import { MODELS } from "@/lib/recognition/models";
import { readImage } from "@/lib/recognition/node/decode-image";
import { createNodeRecognizer } from "@/lib/recognition/node/load-models";
import { MAX_BULK_ROWS, type TBulkRow } from "./bulk-enrol-schemas";
import { reportRowsOfEnrolled, statusForRejection, type BulkReportRow } from "./bulk-report";
import { embeddingToBytes } from "./embedding-codec";
import { enrolBulk } from "./enrol-bulk";
import type { ManifestRow } from "./parse-manifest";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/**
 * The CLI half of bulk enrolment (`npm run watchlist:import -- --manifest …`): the same validated
 * manifest rows as the web page, the same recognition pipeline (exactly one good face per photo),
 * the same bulk operation in batches, the same per-row report. Rows already on the watchlist are
 * skipped, so a run can be repeated to resume.
 */
export async function enrolManifest(
  watchlistId: string,
  rows: ManifestRow[],
  photosDir: string,
  user: CurrentUser,
  options: { onProgress?: (done: number, total: number, label: string) => void; requestId?: string } = {},
): Promise<BulkReportRow[]> {
  const requestId = options.requestId ?? "bulk-import";
  const report: BulkReportRow[] = [];
  const existing = await enrolBulk(watchlistId, { action: "check", references: rows.map((r) => r.entry.subjectReference) }, user, requestId);
  const done = new Set(existing.action === "check" ? existing.existing.map((e) => e.subjectReference) : []);
  const recognizer = await createNodeRecognizer();
  let batch: TBulkRow[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const res = await enrolBulk(watchlistId, { action: "enrol", rows: batch }, user, requestId);
    if (res.action === "enrol") {
      report.push(...reportRowsOfEnrolled(batch, res.results));
    }
    batch = [];
  };
  try {
    for (const [n, row] of rows.entries()) {
      options.onProgress?.(n, rows.length, row.entry.subjectReference);
      const base = { line: row.line, subjectReference: row.entry.subjectReference, files: row.files.join(";") };
      if (done.has(row.entry.subjectReference)) {
        report.push({ ...base, status: "already_enrolled", detail: "already on this watchlist: skipped" });
        continue;
      }
      const images: TBulkRow["images"] = [];
      let refused: BulkReportRow | null = null;
      for (const file of row.files) {
        const full = path.resolve(photosDir, file);
        if (!full.startsWith(path.resolve(photosDir) + path.sep) || !existsSync(full)) {
          refused = { ...base, status: "missing_photo", detail: `${file} is not in ${photosDir}` };
          break;
        }
        let frame;
        try {
          frame = await readImage(full);
        } catch (e) {
          refused = { ...base, status: "unreadable_photo", detail: `${file}: ${(e as Error).message}` };
          break;
        }
        const result = await enrolFromFrame(recognizer, frame);
        if (!result.ok) {
          refused = { ...base, status: statusForRejection(result.reason), detail: `${file}: ${result.detail}` };
          break;
        }
        const crop = warpFaceToRgba(frame, alignmentTransform(result.face.landmarks));
        const faceJpeg = jpeg.encode(
          { data: Buffer.from(crop.data.buffer, crop.data.byteOffset, crop.data.byteLength), width: crop.width, height: crop.height },
          85,
        ).data;
        images.push({
          file,
          embedding: b64(embeddingToBytes(result.embedding)),
          modelId: MODELS.mobilefacenet.id,
          modelVersion: MODELS.mobilefacenet.version,
          detectorScore: Math.min(1, Math.max(0, result.face.score)),
          faceJpeg: b64(faceJpeg),
        });
      }
      if (refused) {
        report.push(refused);
        continue;
      }
      batch.push({ line: row.line, entry: row.entry, images });
      if (batch.length >= MAX_BULK_ROWS) await flush();
    }
    await flush();
  } finally {
    await recognizer.dispose();
  }
  options.onProgress?.(rows.length, rows.length, "done");
  return report.sort((a, b) => a.line - b.line);
}
