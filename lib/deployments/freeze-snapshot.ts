import "server-only";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/canonical";
import type { Tx } from "@/lib/db/prisma";
import { conflict } from "@/lib/http/api-error";
import { EMBEDDING_DIM } from "@/lib/recognition/models";

export interface SnapshotEntry {
  id: string;
  subjectReference: string;
  isTestSubject: boolean;
  reasonCategory: string;
  expiresAt: string;
  /** Base64 of little-endian float32, unit length, one per enrolled photo. */
  embeddings: string[];
}

export interface SnapshotPayload {
  format: 1;
  modelId: string;
  modelVersion: string;
  dim: number;
  entries: SnapshotEntry[];
}

/**
 * Freezes the deployment's watchlists as they are at authorisation: only unexpired entries that an
 * authorising officer has reviewed, with at least one face of the deployment's model (entries
 * awaiting review are left out and counted), sorted by id, each with its photos' embeddings in
 * enrolment order, with what matching needs to know of each (test subject, reason, expiry). The
 * payload is canonical JSON (sorted keys) of the watchlist alone, so the same watchlist always
 * hashes the same; its size and SHA-256 are recorded (the time is the row's createdAt). Live recognition loads this snapshot, never
 * the live watchlist; any earlier snapshot of the deployment is discarded (payload removed), and
 * retention destroys this one 24 h after the deployment ends.
 */
export async function freezeSnapshot(tx: Tx, deployment: { id: string; modelId: string; modelVersion: string }, now: Date) {
  const links = await tx.deploymentWatchlist.findMany({ where: { deploymentId: deployment.id }, select: { watchlistId: true } });
  const entries = await tx.watchlistEntry.findMany({
    where: { watchlistId: { in: links.map((l) => l.watchlistId) }, expiresAt: { gt: now }, reviewedAt: { not: null } },
    include: {
      images: {
        where: { embeddingModelId: deployment.modelId, embeddingModelVersion: deployment.modelVersion },
        select: { embedding: true },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      },
    },
    orderBy: { id: "asc" },
  });
  const usable = entries.filter((e) => e.images.length > 0);
  const awaitingReview = await tx.watchlistEntry.count({ where: { watchlistId: { in: links.map((l) => l.watchlistId) }, expiresAt: { gt: now }, reviewedAt: null } });
  if (usable.length === 0) {
    throw conflict(
      `The deployment's watchlists have no reviewed, enrolled, unexpired entries for this model: there is nothing to authorise.${awaitingReview ? ` ${awaitingReview} entr${awaitingReview === 1 ? "y awaits" : "ies await"} review by an authorising officer on /watchlists.` : ""}`,
    );
  }
  const payload: SnapshotPayload = {
    format: 1,
    modelId: deployment.modelId,
    modelVersion: deployment.modelVersion,
    dim: EMBEDDING_DIM,
    entries: usable.map((e) => ({
      id: e.id,
      subjectReference: e.subjectReference,
      isTestSubject: e.isTestSubject,
      reasonCategory: e.reasonCategory,
      expiresAt: e.expiresAt.toISOString(),
      embeddings: e.images.map((i) => Buffer.from(i.embedding).toString("base64")),
    })),
  };
  const bytes = Buffer.from(canonicalJson(payload), "utf8");
  const contentHash = createHash("sha256").update(bytes).digest("hex");
  await discardSnapshots(tx, deployment.id, now);
  return tx.watchlistSnapshot.create({
    data: { deploymentId: deployment.id, entryCount: usable.length, contentHash, modelId: deployment.modelId, modelVersion: deployment.modelVersion, payload: bytes, createdAt: now },
    select: { id: true, entryCount: true, contentHash: true },
  }).then((snapshot) => ({ ...snapshot, awaitingReview }));
}

/** Removes the payload of every current snapshot of a deployment (kept as a record: size, hash, when). */
export async function discardSnapshots(tx: Tx, deploymentId: string, now: Date): Promise<number> {
  const { count } = await tx.watchlistSnapshot.updateMany({ where: { deploymentId, destroyedAt: null }, data: { payload: null, destroyedAt: now } });
  return count;
}

export function readSnapshotPayload(payload: Uint8Array): SnapshotPayload {
  return JSON.parse(Buffer.from(payload).toString("utf8")) as SnapshotPayload;
}
