import { base64ToEmbedding } from "@/lib/watchlists/embedding-codec";
import type { GalleryPayload } from "@/lib/recognition/worker/protocol";

export interface GalleryResponse {
  deploymentId: string;
  snapshotId: string;
  modelId: string;
  modelVersion: string;
  threshold: number;
  dim: number;
  entries: { id: string; subjectReference: string; isTestSubject: boolean; embeddings: string[] }[];
}

/** The frozen watchlist in the matcher's packed form: one row per enrolled face, keyed by entry. */
export function toGalleryPayload(g: GalleryResponse): GalleryPayload {
  const rows = g.entries.flatMap((e) => e.embeddings.map((b64) => ({ id: e.id, v: base64ToEmbedding(b64) })));
  const vectors = new Float32Array(rows.length * g.dim);
  rows.forEach((r, i) => vectors.set(r.v, i * g.dim));
  return { ids: rows.map((r) => r.id), subjectIds: rows.map((r) => r.id), vectors, dim: g.dim };
}
