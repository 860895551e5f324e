import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import jpeg from "jpeg-js";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { enrolFromFrame } from "@/lib/recognition/enrol";
import { alignmentTransform, warpFaceToRgba } from "@/lib/recognition/align";
import { readImage } from "@/lib/recognition/node/decode-image";
import { createNodeRecognizer } from "@/lib/recognition/node/load-models";
import { MODELS } from "@/lib/recognition/models";
import { addEntryImage } from "./add-entry-image";
import { embeddingToBytes } from "./embedding-codec";
import { createEntry } from "./create-entry";

export interface FolderSubject {
  folder: string;
  subjectReference: string;
  displayName?: string;
  isTestSubject?: boolean;
  /** Enrol only the first image (default) or every image. */
  images?: "first" | "all";
}

export interface EnrolFolderReport {
  enrolled: { subjectReference: string; file: string; duplicates: string[] }[];
  rejected: { subjectReference: string; file: string; reason: string; detail: string }[];
}

/**
 * Bulk enrolment in Node through the same pipeline the browser worker runs: one folder per
 * subject; each photo must show one good face (the largest is taken when others are much
 * smaller). Used by `npm run watchlist:import` and the demo seed.
 */
export async function enrolFolders(
  watchlistId: string,
  subjects: FolderSubject[],
  user: CurrentUser,
  options: { expiresAt?: Date; legalBasis?: string; imageSource?: string; onProgress?: (done: number, total: number, label: string) => void } = {},
): Promise<EnrolFolderReport> {
  const recognizer = await createNodeRecognizer();
  const report: EnrolFolderReport = { enrolled: [], rejected: [] };
  const expiresAt = options.expiresAt ?? new Date(Date.now() + 180 * 86_400_000);
  let done = 0;
  for (const s of subjects) {
    options.onProgress?.(done, subjects.length, s.subjectReference);
    const files = (await readdir(s.folder)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
    const chosen = s.images === "all" ? files : files.slice(0, 1);
    let entry = await db().watchlistEntry.findUnique({ where: { watchlistId_subjectReference: { watchlistId, subjectReference: s.subjectReference } } });
    for (const file of chosen) {
      const frame = await readImage(path.join(s.folder, file));
      const result = await enrolFromFrame(recognizer, frame, { pick: "largest" });
      if (!result.ok) {
        report.rejected.push({ subjectReference: s.subjectReference, file, reason: result.reason, detail: result.detail });
        continue;
      }
      entry ??= await createEntry(
        watchlistId,
        {
          subjectReference: s.subjectReference,
          displayName: s.displayName,
          reasonCategory: s.isTestSubject ? "RISK_OF_HARM" : "WANTED_BY_COURTS",
          legalBasis: s.isTestSubject
            ? "Staff volunteer for the pre-deployment self-test (blue list)"
            : (options.legalBasis ?? "Arrest warrant issued by a court"),
          imageSource: options.imageSource ?? `bulk import: ${path.basename(s.folder)}/${file}`,
          expiresAt: expiresAt.toISOString(),
          isTestSubject: s.isTestSubject ?? false,
        },
        user,
        "bulk-import",
      );
      // The aligned 112x112 face, as the browser enrols it.
      const crop = warpFaceToRgba(frame, alignmentTransform(result.face.landmarks));
      const faceJpeg = jpeg.encode(
        { data: Buffer.from(crop.data.buffer, crop.data.byteOffset, crop.data.byteLength), width: crop.width, height: crop.height },
        85,
      ).data;
      const added = await addEntryImage(
        entry.id,
        {
          embedding: embeddingToBytes(result.embedding),
          modelId: MODELS.mobilefacenet.id,
          modelVersion: MODELS.mobilefacenet.version,
          detectorScore: result.face.score,
          faceJpeg: new Uint8Array(faceJpeg),
        },
        user,
        "bulk-import",
      );
      report.enrolled.push({ subjectReference: s.subjectReference, file, duplicates: added.duplicates.map((d) => d.subjectReference) });
    }
    done++;
  }
  options.onProgress?.(done, subjects.length, "done");
  return report;
}
