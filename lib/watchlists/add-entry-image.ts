import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { badRequest, notFound } from "@/lib/http/api-error";
import { EMBEDDING_DIM, FACE_SIZE, MODELS } from "@/lib/recognition/models";
import { DEFAULT_DUPLICATE_THRESHOLD } from "@/lib/recognition/thresholds";
import { bytesToEmbedding, cosine } from "./embedding-codec";
import { decodeJpegFully } from "@/lib/images/decode-jpeg-fully";
import { jpegSize } from "./jpeg-size";
import { MAX_FACE_JPEG_BYTES } from "./watchlist-schemas";

export interface NewImage {
  embedding: Uint8Array;
  modelId: string;
  modelVersion: string;
  detectorScore: number;
  faceJpeg: Uint8Array;
}

/**
 * Stores an enrolled face. The server refuses embeddings of another model or dimension, with
 * non-finite values or not unit-length (± 1e-3), and a crop that is not the aligned 112x112 JPEG;
 * it flags possible duplicates: faces of OTHER subjects in the same watchlist
 * that score at or above the duplicate threshold.
 */
export async function addEntryImage(entryId: string, image: NewImage, user: CurrentUser, requestId: string) {
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
  return db().$transaction(async (tx) => {
    const entry = await tx.watchlistEntry.findUnique({ where: { id: entryId } });
    if (!entry) throw notFound("Watchlist entry");
    const others = await tx.watchlistImage.findMany({
      where: { entry: { watchlistId: entry.watchlistId, id: { not: entryId } }, embeddingModelVersion: model.version },
      select: { entryId: true, embedding: true, entry: { select: { subjectReference: true } } },
    });
    // One line per other subject: their best-matching photo.
    const best = new Map<string, { entryId: string; subjectReference: string; score: number }>();
    for (const o of others) {
      const score = cosine(vector, bytesToEmbedding(o.embedding));
      if (score < DEFAULT_DUPLICATE_THRESHOLD || (best.get(o.entryId)?.score ?? -2) >= score) continue;
      best.set(o.entryId, { entryId: o.entryId, subjectReference: o.entry.subjectReference, score });
    }
    const duplicates = [...best.values()].sort((a, b) => b.score - a.score);
    const created = await tx.watchlistImage.create({
      data: {
        entryId,
        faceJpeg: Buffer.from(image.faceJpeg),
        embedding: Buffer.from(image.embedding),
        embeddingModelId: model.id,
        embeddingModelVersion: model.version,
        embeddingDim: EMBEDDING_DIM,
        detectorScore: image.detectorScore,
        possibleDuplicateOf: [...new Set(duplicates.map((d) => d.entryId))],
      },
      select: { id: true, createdAt: true, possibleDuplicateOf: true },
    });
    await recordAuditEvent(tx, {
      actor: user,
      action: "watchlist.enrol_image",
      targetType: "watchlist_entry",
      targetId: entryId,
      details: { image: created.id, possibleDuplicates: duplicates.map((d) => ({ subjectReference: d.subjectReference, score: Math.round(d.score * 1000) / 1000 })) },
      requestId,
    });
    return { image: created, duplicates: duplicates.map((d) => ({ ...d, score: Math.round(d.score * 1000) / 1000 })) };
  }, TX_OPTIONS);
}
