import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { badRequest, notFound } from "@/lib/http/api-error";
import { EMBEDDING_DIM, FACE_SIZE, MODELS } from "@/lib/recognition/models";
import { DEFAULT_DUPLICATE_THRESHOLD } from "@/lib/recognition/thresholds";
import { bytesToEmbedding, cosine } from "./embedding-codec";
import { decodeJpegFully } from "@/lib/images/decode-jpeg-fully";
import { findNearDuplicates, lockWatchlistEnrolment, prepareDuplicateIndex, rememberEnrolledImage, syncDuplicateIndex } from "./duplicate-index";
import { jpegSize } from "./jpeg-size";
import { MAX_FACE_JPEG_BYTES } from "./watchlist-schemas";

export interface NewImage {
  embedding: Uint8Array;
  modelId: string;
  modelVersion: string;
  detectorScore: number;
  faceJpeg: Uint8Array;
}

export interface PossibleDuplicate {
  entryId: string;
  subjectReference: string;
  score: number;
}

/**
 * The server refuses embeddings of another model or dimension, with non-finite values or not
 * unit-length (± 1e-3), and a crop that is not the aligned 112x112 JPEG. Returns the vector.
 */
export function checkNewImage(image: NewImage): Float32Array {
  const model = MODELS.mobilefacenet;
  if (image.modelId !== model.id || image.modelVersion !== model.version) {
    throw badRequest(`Embeddings must come from ${model.id} "${model.version}"; got ${image.modelId} "${image.modelVersion}".`);
  }
  if (image.embedding.byteLength !== EMBEDDING_DIM * 4) {
    throw badRequest(`An embedding has ${EMBEDDING_DIM} dimensions; got ${image.embedding.byteLength / 4}.`);
  }
  const vector = bytesToEmbedding(image.embedding);
  if (!vector.every(Number.isFinite)) throw badRequest("The embedding contains non-finite values.");
  const norm = Math.sqrt(cosine(vector, vector));
  if (Math.abs(norm - 1) > 1e-3) throw badRequest(`The embedding must be L2-normalised (its norm is ${norm.toFixed(4)}).`);
  const size = jpegSize(image.faceJpeg);
  if (image.faceJpeg.byteLength > MAX_FACE_JPEG_BYTES || !size) throw badRequest("faceJpeg must be a JPEG of at most 64 KiB.");
  if (size.width !== FACE_SIZE || size.height !== FACE_SIZE) {
    throw badRequest(`faceJpeg must be the aligned ${FACE_SIZE}x${FACE_SIZE} face crop; got ${size.width}x${size.height}.`);
  }
  const decoded = decodeJpegFully(image.faceJpeg);
  if (!decoded.ok) throw badRequest(`faceJpeg: not a JPEG image (${decoded.reason}).`, [{ path: "faceJpeg", message: decoded.reason }]);
  return vector;
}

export interface InsertedImage {
  image: { id: string; createdAt: Date; possibleDuplicateOf: string[] };
  duplicates: PossibleDuplicate[];
  /** Call after the transaction commits: the image joins this process's duplicate index. */
  afterCommit: () => void;
}

/**
 * Inside a transaction that already holds the watchlist's enrolment lock (lockWatchlistEnrolment):
 * flags possible duplicates, i.e. faces of OTHER subjects in the same watchlist that score at or
 * above the duplicate threshold (one line per subject, their best photo), through the watchlist's
 * HNSW index; stores the image and its audit record.
 */
export async function insertEntryImageTx(
  tx: Tx,
  entry: { id: string; watchlistId: string },
  image: NewImage,
  vector: Float32Array,
  user: CurrentUser,
  requestId: string,
): Promise<InsertedImage> {
  const model = MODELS.mobilefacenet;
  const index = await syncDuplicateIndex(tx, entry.watchlistId);
  const best = new Map<string, number>();
  for (const h of findNearDuplicates(index, vector, DEFAULT_DUPLICATE_THRESHOLD, entry.id)) {
    if ((best.get(h.key.entryId) ?? -2) < h.score) best.set(h.key.entryId, h.score);
  }
  const refs = best.size
    ? await tx.watchlistEntry.findMany({
        where: { id: { in: [...best.keys()] }, watchlistId: entry.watchlistId },
        select: { id: true, subjectReference: true },
      })
    : [];
  const duplicates: PossibleDuplicate[] = refs
    .map((r) => ({ entryId: r.id, subjectReference: r.subjectReference, score: Math.round(best.get(r.id)! * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score);
  const embedding = Buffer.from(image.embedding);
  const created = await tx.watchlistImage.create({
    data: {
      entryId: entry.id,
      faceJpeg: Buffer.from(image.faceJpeg),
      embedding,
      embeddingModelId: model.id,
      embeddingModelVersion: model.version,
      embeddingDim: EMBEDDING_DIM,
      detectorScore: image.detectorScore,
      possibleDuplicateOf: duplicates.map((d) => d.entryId),
      // Stamped after the enrolment lock, so creation order is lock order (the index's delta sync relies on it).
      createdAt: new Date(),
    },
    select: { id: true, createdAt: true, possibleDuplicateOf: true },
  });
  await recordAuditEvent(tx, {
    actor: user,
    action: "watchlist.enrol_image",
    targetType: "watchlist_entry",
    targetId: entry.id,
    details: { image: created.id, possibleDuplicates: duplicates.map((d) => ({ subjectReference: d.subjectReference, score: d.score })) },
    requestId,
  });
  return {
    image: created,
    duplicates,
    afterCommit: () => rememberEnrolledImage(entry.watchlistId, { id: created.id, entryId: entry.id, embedding, createdAt: created.createdAt }),
  };
}

/** Stores an enrolled face of an existing entry (the one-photo path of the watchlists page). */
export async function addEntryImage(entryId: string, image: NewImage, user: CurrentUser, requestId: string) {
  const vector = checkNewImage(image);
  const found = await db().watchlistEntry.findUnique({ where: { id: entryId }, select: { watchlistId: true } });
  if (!found) throw notFound("Watchlist entry");
  await prepareDuplicateIndex(found.watchlistId);
  const result = await db().$transaction(async (tx) => {
    await lockWatchlistEnrolment(tx, found.watchlistId);
    const entry = await tx.watchlistEntry.findUnique({ where: { id: entryId }, select: { id: true, watchlistId: true } });
    if (!entry) throw notFound("Watchlist entry");
    return insertEntryImageTx(tx, entry, image, vector, user, requestId);
  }, TX_OPTIONS);
  result.afterCommit();
  return { image: result.image, duplicates: result.duplicates };
}
