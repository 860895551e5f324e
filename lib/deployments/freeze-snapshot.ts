import "server-only";
import { createHash } from "node:crypto";
import type { Tx } from "@/lib/db/prisma";
import { conflict } from "@/lib/http/api-error";

export interface SnapshotPayload {
  modelId: string;
  modelVersion: string;
  dim: number;
  entries: { id: string; subjectReference: string; isTestSubject: boolean; embeddings: string[] }[];
}

/**
 * Freezes the deployment's watchlists as they are at authorisation: only unexpired entries with
 * at least one face of the deployment's model. Live recognition loads this snapshot, never the
 * live watchlist; its size and SHA-256 are recorded, and retention destroys the payload 24 h
 * after the deployment ends.
 */
export async function freezeSnapshot(tx: Tx, deployment: { id: string; modelId: string; modelVersion: string }, now: Date) {
  const links = await tx.deploymentWatchlist.findMany({ where: { deploymentId: deployment.id }, select: { watchlistId: true } });
  const entries = await tx.watchlistEntry.findMany({
    where: { watchlistId: { in: links.map((l) => l.watchlistId) }, expiresAt: { gt: now } },
    include: { images: { where: { embeddingModelId: deployment.modelId, embeddingModelVersion: deployment.modelVersion }, select: { embedding: true } } },
    orderBy: { id: "asc" },
  });
  const usable = entries.filter((e) => e.images.length > 0);
  if (usable.length === 0) throw conflict("The deployment's watchlists have no enrolled, unexpired entries for this model: nothing to authorise.");
  const payload: SnapshotPayload = {
    modelId: deployment.modelId,
    modelVersion: deployment.modelVersion,
    dim: 128,
    entries: usable.map((e) => ({
      id: e.id,
      subjectReference: e.subjectReference,
      isTestSubject: e.isTestSubject,
      embeddings: e.images.map((i) => Buffer.from(i.embedding).toString("base64")),
    })),
  };
  const bytes = Buffer.from(JSON.stringify(payload), "utf8");
  const contentHash = createHash("sha256").update(bytes).digest("hex");
  await tx.watchlistSnapshot.deleteMany({ where: { deploymentId: deployment.id, destroyedAt: null } });
  return tx.watchlistSnapshot.create({
    data: { deploymentId: deployment.id, entryCount: usable.length, contentHash, modelId: deployment.modelId, modelVersion: deployment.modelVersion, payload: bytes, createdAt: now },
    select: { id: true, entryCount: true, contentHash: true },
  });
}

export function readSnapshotPayload(payload: Uint8Array): SnapshotPayload {
  return JSON.parse(Buffer.from(payload).toString("utf8")) as SnapshotPayload;
}
