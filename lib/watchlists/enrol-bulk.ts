import "server-only";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { ApiError, notFound } from "@/lib/http/api-error";
import { checkNewImage, insertEntryImageTx, type NewImage } from "./add-entry-image";
import type { TBulkEnrolRequest, TBulkEnrolResponse, TBulkRow, TBulkRowResult } from "./bulk-enrol-schemas";
import { checkEntryDates, insertEntryTx } from "./create-entry";
import { lockWatchlistEnrolment, prepareDuplicateIndex } from "./duplicate-index";

function toNewImage(i: TBulkRow["images"][number]): NewImage {
  return {
    embedding: Buffer.from(i.embedding, "base64"),
    modelId: i.modelId,
    modelVersion: i.modelVersion,
    detectorScore: i.detectorScore,
    faceJpeg: Buffer.from(i.faceJpeg, "base64"),
  };
}

/**
 * One manifest row: its entry, photos and their audit records in one transaction under the
 * watchlist's enrolment lock. Idempotent on (watchlist, reference): a row whose reference is
 * already on the watchlist is reported as such and changes nothing, so a resumed run is safe.
 * A row the server refuses (expiry passed, bad crop) is reported invalid; the batch goes on.
 * Bulk entries are unreviewed like any other: an authorising officer reviews them before they deploy.
 */
async function enrolRow(watchlistId: string, row: TBulkRow, user: CurrentUser, requestId: string, now: Date): Promise<TBulkRowResult> {
  const started = performance.now();
  const base = { line: row.line, subjectReference: row.entry.subjectReference, duplicates: [] as TBulkRowResult["duplicates"] };
  try {
    checkEntryDates(row.entry, now);
    const images = row.images.map((i) => ({ image: toNewImage(i), vector: checkNewImage(toNewImage(i)) }));
    const outcome = await db().$transaction(async (tx) => {
      await lockWatchlistEnrolment(tx, watchlistId);
      const existing = await tx.watchlistEntry.findUnique({
        where: { watchlistId_subjectReference: { watchlistId, subjectReference: row.entry.subjectReference } },
        select: { id: true },
      });
      if (existing) return { existing: existing.id } as const;
      const entry = await insertEntryTx(tx, watchlistId, row.entry, user, requestId, now);
      const inserted = [];
      for (const i of images) inserted.push(await insertEntryImageTx(tx, entry, i.image, i.vector, user, requestId));
      return { entry: entry.id, inserted } as const;
    }, TX_OPTIONS);
    const serverMs = Math.round((performance.now() - started) * 10) / 10;
    if ("existing" in outcome)
      return { ...base, status: "already_enrolled", entryId: outcome.existing ?? null, message: "Already on this watchlist: skipped.", serverMs };
    for (const i of outcome.inserted) i.afterCommit();
    const best = new Map<string, number>();
    for (const d of outcome.inserted.flatMap((i) => i.duplicates)) best.set(d.subjectReference, Math.max(best.get(d.subjectReference) ?? -2, d.score));
    const duplicates = [...best].map(([subjectReference, score]) => ({ subjectReference, score })).sort((a, b) => b.score - a.score);
    return { ...base, status: "enrolled", entryId: outcome.entry, duplicates, message: null, serverMs };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status >= 500 || e.status === 404) throw e;
    return { ...base, status: "invalid", entryId: null, message: e.message, serverMs: Math.round((performance.now() - started) * 10) / 10 };
  }
}

/** The bulk route's operation: `check` lists references already on the watchlist; `enrol` enrols rows in order. */
export async function enrolBulk(
  watchlistId: string,
  request: TBulkEnrolRequest,
  user: CurrentUser,
  requestId: string,
  now = new Date(),
): Promise<TBulkEnrolResponse> {
  const watchlist = await db().watchlist.findUnique({ where: { id: watchlistId }, select: { id: true } });
  if (!watchlist) throw notFound("Watchlist");
  if (request.action === "check") {
    const found = await db().watchlistEntry.findMany({
      where: { watchlistId, subjectReference: { in: request.references } },
      select: { id: true, subjectReference: true, _count: { select: { images: true } } },
    });
    return { action: "check", existing: found.map((f) => ({ subjectReference: f.subjectReference, entryId: f.id, images: f._count.images })) };
  }
  await prepareDuplicateIndex(watchlistId);
  const results: TBulkRowResult[] = [];
  for (const row of request.rows) results.push(await enrolRow(watchlistId, row, user, requestId, now));
  return { action: "enrol", results };
}
