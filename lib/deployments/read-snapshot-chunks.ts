import "server-only";
import { createHash } from "node:crypto";
import type { Db, Tx } from "@/lib/db/prisma";
import { CHUNK_ENTRIES, decodeChunk, dequantiseInto, encodeChunk, type ChunkEntry } from "./snapshot-format";

/** "full": the whole snapshot (live); "blue": the blue-list volunteers alone (self-test). */
export type SnapshotPart = "full" | "blue";

export interface SnapshotRow {
  id: string;
  format: number;
  dim: number | null;
  payload: Uint8Array | null;
  contentHash: string;
  entryCount: number;
  rowCount: number;
  chunkCount: number;
  byteSize: bigint;
  blueListCount: number;
  blueListHash: string | null;
  blueListChunkCount: number;
}

export interface ChunkMeta {
  index: number;
  entryCount: number;
  rowCount: number;
  size: number;
  sha256: string;
}

export interface SnapshotPartInfo {
  dim: number;
  entryCount: number;
  hash: string;
  chunks: ChunkMeta[];
  rowCount: number;
  byteSize: number;
  /** Format 1 snapshots (one JSON payload, before chunks): re-packed in memory. */
  legacy?: Uint8Array[];
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest();

/** Root hash over chunk digests (hex), as recorded on the snapshot. */
export function rootOfHexDigests(hexes: readonly string[]): string {
  return createHash("sha256")
    .update(Buffer.concat(hexes.map((h) => Buffer.from(h, "hex"))))
    .digest("hex");
}

interface LegacyPayload {
  dim: number;
  entries: { id: string; subjectReference: string; isTestSubject: boolean; embeddings: string[] }[];
}

function legacyChunks(payload: Uint8Array, part: SnapshotPart): { dim: number; chunks: Uint8Array[]; entryCount: number } {
  const p = JSON.parse(Buffer.from(payload).toString("utf8")) as LegacyPayload;
  const entries: ChunkEntry[] = p.entries
    .filter((e) => part === "full" || e.isTestSubject)
    .map((e) => ({
      id: e.id,
      subjectReference: e.subjectReference,
      isTestSubject: e.isTestSubject,
      embeddings: e.embeddings.map((b64) => {
        const b = Buffer.from(b64, "base64");
        return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      }),
    }));
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < entries.length; i += CHUNK_ENTRIES) chunks.push(encodeChunk(entries.slice(i, i + CHUNK_ENTRIES), p.dim));
  return { dim: p.dim, chunks, entryCount: entries.length };
}

/**
 * What one part of a snapshot holds: its chunks' sizes and digests (not their bytes) and its root
 * hash. Format 1 snapshots are re-packed in memory (their hash is then the root of those chunks).
 */
export async function describeSnapshotPart(client: Tx | Db, row: SnapshotRow, part: SnapshotPart): Promise<SnapshotPartInfo> {
  if (row.format < 2) {
    if (!row.payload) throw new Error("snapshot has no payload");
    const { dim, chunks, entryCount } = legacyChunks(row.payload, part);
    const metas = chunks.map((bytes, index) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { index, entryCount: view.getUint32(4, true), rowCount: view.getUint32(8, true), size: bytes.length, sha256: sha256(bytes).toString("hex") };
    });
    return {
      dim,
      entryCount,
      hash: rootOfHexDigests(metas.map((m) => m.sha256)),
      chunks: metas,
      rowCount: metas.reduce((n, m) => n + m.rowCount, 0),
      byteSize: metas.reduce((n, m) => n + m.size, 0),
      legacy: chunks,
    };
  }
  const chunks = await client.$queryRaw<ChunkMeta[]>`
    SELECT "index", "entryCount", "rowCount", length(bytes)::int AS size, sha256 FROM "WatchlistSnapshotChunk"
    WHERE "snapshotId" = ${row.id}::uuid AND part = ${part} ORDER BY "index"`;
  return {
    dim: row.dim ?? 0,
    entryCount: part === "full" ? row.entryCount : row.blueListCount,
    hash: part === "full" ? row.contentHash : (row.blueListHash ?? rootOfHexDigests([])),
    chunks,
    rowCount: chunks.reduce((n, m) => n + m.rowCount, 0),
    byteSize: chunks.reduce((n, m) => n + m.size, 0),
  };
}

/** The chunks' bytes in order, a few at a time (never the whole snapshot in memory). */
export async function* readSnapshotChunks(
  client: Tx | Db,
  snapshotId: string,
  part: SnapshotPart,
  info: SnapshotPartInfo,
  batch = 4,
): AsyncGenerator<{ bytes: Uint8Array; sha256: string }> {
  if (info.legacy) {
    for (let i = 0; i < info.legacy.length; i++) yield { bytes: info.legacy[i], sha256: info.chunks[i].sha256 };
    return;
  }
  for (let from = 0; from < info.chunks.length; from += batch) {
    // As base64 text: far faster through the driver adapter than bytea.
    const rows = await client.$queryRaw<{ b64: string; sha256: string }[]>`
      SELECT encode(bytes, 'base64') AS b64, sha256 FROM "WatchlistSnapshotChunk"
      WHERE "snapshotId" = ${snapshotId}::uuid AND part = ${part} AND "index" >= ${from} AND "index" < ${from + batch} ORDER BY "index"`;
    for (const r of rows) yield { bytes: new Uint8Array(Buffer.from(r.b64, "base64")), sha256: r.sha256 };
  }
}

export interface SnapshotEntryView {
  id: string;
  subjectReference: string;
  isTestSubject: boolean;
  /** Dequantised, unit length. */
  embeddings: Float32Array[];
}

/**
 * A part's entries decoded (for small parts: the blue list, the JSON gallery of a small scope,
 * tests). Large galleries are streamed chunk by chunk instead.
 */
export async function readSnapshotEntries(
  client: Tx | Db,
  row: SnapshotRow,
  part: SnapshotPart,
): Promise<{ dim: number; hash: string; entries: SnapshotEntryView[] }> {
  const info = await describeSnapshotPart(client, row, part);
  const entries: SnapshotEntryView[] = [];
  for await (const { bytes } of readSnapshotChunks(client, row.id, part, info)) {
    const chunk = decodeChunk(bytes);
    const vectors = new Float32Array(chunk.rowCount * chunk.dim);
    dequantiseInto(chunk, vectors, 0);
    let r = 0;
    for (const e of chunk.entries) {
      entries.push({
        id: e.id,
        subjectReference: e.subjectReference,
        isTestSubject: e.isTestSubject,
        embeddings: Array.from({ length: e.rows }, () => vectors.subarray(r * chunk.dim, ++r * chunk.dim)),
      });
    }
  }
  return { dim: info.dim, hash: info.hash, entries };
}

/** The columns describeSnapshotPart needs. */
export const SNAPSHOT_ROW_SELECT = {
  id: true,
  format: true,
  dim: true,
  payload: true,
  contentHash: true,
  entryCount: true,
  rowCount: true,
  chunkCount: true,
  byteSize: true,
  blueListCount: true,
  blueListHash: true,
  blueListChunkCount: true,
} as const;
