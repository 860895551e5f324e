import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { db, poolOf, type Tx } from "@/lib/db/prisma";
import { conflict } from "@/lib/http/api-error";
import { fuseEnrolment } from "@/lib/recognition/fuse-enrolment";
import { EMBEDDING_DIM } from "@/lib/recognition/models";
import { rootOfHexDigests } from "./read-snapshot-chunks";
import { CHUNK_ENTRIES, encodeChunk, type ChunkEntry } from "./snapshot-format";

/** Faces fetched from Postgres per round trip. */
const BATCH = 4096;
/** Chunks packed ahead of their INSERT, at most. */
const MAX_WRITES_AHEAD = 4;

/**
 * Freezes the deployment's watchlists as they are at authorisation: only unexpired entries that an
 * authorising officer has reviewed, with at least one face of the deployment's model (entries
 * awaiting review are left out and counted), sorted by id, each with ONE embedding and what a
 * station needs of it (reference, test subject). An entry enrolled from several photos is packed as
 * the L2-normalised mean of its photos' embeddings (lib/recognition/fuse-enrolment.ts: measured
 * better than one row per photo, and the rule the evaluation's evidence describes), so a station's
 * rows are its entries. Entries stream from
 * Postgres through a cursor in batches and are packed into binary chunks
 * (lib/deployments/snapshot-format.ts: int8 embeddings with a scale per row, a small entry index),
 * each stored with its SHA-256; the snapshot's hash is the SHA-256 over the chunk digests, computed
 * as the chunks are written (the same watchlist always hashes the same). The blue-list volunteers
 * are also packed on their own (the self-test gallery) with their own root hash. Live recognition
 * loads this snapshot, never the live watchlist; any earlier snapshot of the deployment is
 * discarded (chunks deleted), and retention destroys this one 24 h after the deployment ends.
 */
export async function freezeSnapshot(tx: Tx, deployment: { id: string; modelId: string; modelVersion: string }, now: Date) {
  const links = await tx.deploymentWatchlist.findMany({ where: { deploymentId: deployment.id }, select: { watchlistId: true } });
  const watchlistIds = links.map((l) => l.watchlistId);
  const awaitingReview = await tx.watchlistEntry.count({ where: { watchlistId: { in: watchlistIds }, expiresAt: { gt: now }, reviewedAt: null } });
  await discardSnapshots(tx, deployment.id, now);
  const snapshot = await tx.watchlistSnapshot.create({
    data: {
      deploymentId: deployment.id,
      entryCount: 0,
      contentHash: "",
      modelId: deployment.modelId,
      modelVersion: deployment.modelVersion,
      format: 2,
      dim: EMBEDDING_DIM,
      encoding: "int8",
      createdAt: now,
    },
    select: { id: true },
  });
  const rowBytes = EMBEDDING_DIM * 4;
  const full: string[] = [];
  const blue: ChunkEntry[] = [];
  let entryCount = 0;
  let rowCount = 0;
  let byteSize = 0;
  /** The chunk INSERTs, in order; each starts when the one before it is done. */
  const writes: Promise<unknown>[] = [];
  const store = (part: "full" | "blue", index: number, entries: ChunkEntry[]) => {
    const bytes = encodeChunk(entries, EMBEDDING_DIM);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const rows = entries.reduce((n, e) => n + e.embeddings.length, 0);
    // Bytes travel as base64 text: far faster through the driver adapter than bytea parameters.
    const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    // Not awaited here: the INSERTs run one after another on the transaction's connection (chained
    // here, never two queries at once on it) while the reader fetches the next batch on its own.
    // Every write is awaited before the snapshot row is completed; a failed one fails the freeze
    // (and the writes after it never run).
    const written = (writes.at(-1) ?? Promise.resolve()).then(
      () => tx.$executeRaw`INSERT INTO "WatchlistSnapshotChunk" ("snapshotId", part, "index", "entryCount", "rowCount", bytes, sha256)
      VALUES (${snapshot.id}::uuid, ${part}, ${index}, ${entries.length}, ${rows}, decode(${b64}, 'base64'), ${sha256})`,
    );
    written.catch(() => undefined);
    writes.push(written);
    return { sha256, rows, size: bytes.length };
  };
  const flush = (grouped: ChunkEntry[]) => {
    // One row per entry: a single photo as it is, several photos fused (fuse-enrolment.ts).
    const entries = grouped.map((e) => (e.embeddings.length === 1 ? e : { ...e, embeddings: [fuseEnrolment(e.embeddings)] }));
    const stored = store("full", full.length, entries);
    full.push(stored.sha256);
    for (const e of entries) if (e.isTestSubject) blue.push(e);
    entryCount += entries.length;
    rowCount += stored.rows;
    byteSize += stored.size;
  };
  let pending: ChunkEntry[] = [];
  let current: ChunkEntry | null = null;
  await readFaces(tx, { watchlistIds, modelId: deployment.modelId, modelVersion: deployment.modelVersion, now }, async (batch) => {
    for (const r of batch) {
      const emb = Buffer.from(r.emb, "base64");
      if (emb.length !== rowBytes) throw new Error(`entry ${r.id}: an embedding is not ${EMBEDDING_DIM} float32 values`);
      // A view when the decoded bytes are 4-byte aligned (Node's buffer pool aligns to 8), else a copy.
      const v = emb.byteOffset % 4 === 0 ? new Float32Array(emb.buffer, emb.byteOffset, EMBEDDING_DIM) : new Float32Array(new Uint8Array(emb).buffer);
      if (current && current.id === r.id) {
        current.embeddings.push(v);
        continue;
      }
      if (current) pending.push(current);
      // An entry's faces never straddle two chunks: a chunk is cut only when the next entry starts.
      if (pending.length === CHUNK_ENTRIES) {
        flush(pending);
        pending = [];
      }
      current = { id: r.id, subjectReference: r.ref, isTestSubject: r.test, embeddings: [v] };
    }
    // At most MAX_WRITES_AHEAD chunks wait for their INSERT (each holds its base64 text).
    if (writes.length > MAX_WRITES_AHEAD) await writes[writes.length - 1 - MAX_WRITES_AHEAD];
  });
  if (current) pending.push(current);
  if (pending.length) flush(pending);
  if (entryCount === 0) {
    throw conflict(
      `The deployment's watchlists have no reviewed, enrolled, unexpired entries for this model: there is nothing to authorise.${awaitingReview ? ` ${awaitingReview} entr${awaitingReview === 1 ? "y awaits" : "ies await"} review by an authorising officer on /watchlists.` : ""}`,
    );
  }
  const blueHashes: string[] = [];
  for (let i = 0; i < blue.length; i += CHUNK_ENTRIES) blueHashes.push(store("blue", blueHashes.length, blue.slice(i, i + CHUNK_ENTRIES)).sha256);
  await Promise.all(writes);
  const contentHash = rootOfHexDigests(full);
  return tx.watchlistSnapshot
    .update({
      where: { id: snapshot.id },
      data: {
        entryCount,
        contentHash,
        chunkCount: full.length,
        rowCount,
        byteSize,
        blueListCount: blue.length,
        blueListHash: rootOfHexDigests(blueHashes),
        blueListChunkCount: blueHashes.length,
      },
      select: { id: true, entryCount: true, contentHash: true, rowCount: true, byteSize: true, chunkCount: true },
    })
    .then((s) => ({ ...s, awaitingReview }));
}

type FaceRow = { id: string; ref: string; test: boolean; emb: string };

/** The reader connection's application_name (pg_stat_activity). */
export const FREEZE_READER = "vigil-freeze-reader";

/** One row per face, sorted by entry (then enrolment order); `emb` is the float32 embedding in base64. */
const FACES_SQL = `SELECT e.id::text AS id, e."subjectReference" AS ref, e."isTestSubject" AS test, encode(i.embedding, 'base64') AS emb
    FROM "WatchlistEntry" e
    JOIN "WatchlistImage" i ON i."entryId" = e.id AND i."embeddingModelId" = $2 AND i."embeddingModelVersion" = $3
    WHERE e."watchlistId" = ANY($1::uuid[]) AND e."expiresAt" > $4::timestamptz AND e."reviewedAt" IS NOT NULL
    ORDER BY e.id, i."createdAt", i.id`;

/**
 * Streams the faces to freeze, in batches, to `onBatch`. They are read on a connection of their
 * own that imports the authorising transaction's snapshot (pg_export_snapshot, SET TRANSACTION
 * SNAPSHOT): the same committed data the transaction sees (not its own uncommitted writes; the
 * authorisation writes none to entries or photos before the freeze), read by plain `pg` (no Prisma result mapping)
 * while the transaction's connection stores the chunks. One batch is fetched ahead. The whole
 * result is wanted, so the planner is told so: a hash join and one sort instead of the fast-start
 * index merge join, which fetched about 7,000 faces a second at 2M entries.
 */
async function readFaces(
  tx: Tx,
  q: { watchlistIds: string[]; modelId: string; modelVersion: string; now: Date },
  onBatch: (rows: FaceRow[]) => void | Promise<void>,
): Promise<void> {
  const [{ snapshot }] = await tx.$queryRaw<{ snapshot: string }[]>`SELECT pg_export_snapshot() AS snapshot`;
  if (!/^[0-9A-F]+-[0-9A-F]+-[0-9A-F]+$/i.test(snapshot)) throw new Error(`unexpected snapshot identifier ${snapshot}`);
  const reader = new pg.Client({ ...poolOf(db()).options, application_name: FREEZE_READER });
  await reader.connect();
  try {
    await reader.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await reader.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    await reader.query("SET LOCAL cursor_tuple_fraction = 1.0");
    await reader.query("SET LOCAL work_mem = '64MB'");
    await reader.query({
      text: `DECLARE vigil_freeze NO SCROLL CURSOR FOR ${FACES_SQL}`,
      values: [q.watchlistIds, q.modelId, q.modelVersion, q.now.toISOString()],
    });
    const fetchBatch = () => reader.query<FaceRow>(`FETCH ${BATCH} FROM vigil_freeze`).then((r) => r.rows);
    let ahead = fetchBatch();
    for (;;) {
      const batch = await ahead;
      if (batch.length === 0) break;
      ahead = fetchBatch();
      ahead.catch(() => undefined); // awaited next turn; a throw in onBatch must not leave it unhandled
      await onBatch(batch);
    }
    await reader.query("COMMIT");
  } finally {
    await reader.end().catch(() => undefined);
  }
}

/** Removes the payload and chunks of every current snapshot of a deployment (kept as a record: size, hash, when). */
export async function discardSnapshots(tx: Tx, deploymentId: string, now: Date): Promise<number> {
  await tx.watchlistSnapshotChunk.deleteMany({ where: { snapshot: { deploymentId, destroyedAt: null } } });
  const { count } = await tx.watchlistSnapshot.updateMany({ where: { deploymentId, destroyedAt: null }, data: { payload: null, destroyedAt: now } });
  return count;
}
