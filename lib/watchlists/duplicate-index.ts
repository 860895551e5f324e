import "server-only";
import { db, type Tx } from "@/lib/db/prisma";
import { EMBEDDING_DIM, MODELS } from "@/lib/recognition/models";
import { bytesToEmbedding } from "./embedding-codec";
import { HnswIndex } from "./hnsw-index";

/** Namespace of the per-watchlist enrolment lock (two-int advisory key space, apart from the audit chain's bigint key). */
const ENROL_LOCK_NAMESPACE = 7114;
/** Images created this long before the newest one seen are re-read on a delta sync (clock skew between app instances). */
const DELTA_SLACK_MS = 5 * 60_000;

interface ImageKey {
  imageId: string;
  entryId: string;
}

interface CachedIndex {
  index: HnswIndex<ImageKey>;
  imageIds: Set<string>;
  /** createdAt of the newest image read from the database. */
  watermark: number;
}

/**
 * Per-watchlist HNSW index of the enrolled embeddings of the current model, kept in this process.
 * Built lazily from the database on the first enrolment into a watchlist, brought up to date
 * inside each enrolling transaction (after the watchlist's enrolment lock, so it sees every
 * committed image), and extended after commit. Another instance's writes arrive through the
 * delta sync; deletions show up as a count mismatch and rebuild it.
 */
const cache = new Map<string, CachedIndex>();

/**
 * Serialises enrolments into one watchlist until the transaction ends: two photos enrolled at
 * once both see each other, so a duplicate between them is caught. Other watchlists are not held.
 */
export async function lockWatchlistEnrolment(tx: Tx, watchlistId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ENROL_LOCK_NAMESPACE}::int, hashtext(${watchlistId}))`;
}

async function readImages(tx: Pick<Tx, "$queryRaw">, watchlistId: string, since: Date | null) {
  const version = MODELS.mobilefacenet.version;
  return tx.$queryRaw<{ id: string; entryId: string; embedding: Uint8Array; createdAt: Date }[]>`
    SELECT i.id::text AS id, i."entryId"::text AS "entryId", i.embedding, i."createdAt"
    FROM "WatchlistImage" i JOIN "WatchlistEntry" e ON e.id = i."entryId"
    WHERE e."watchlistId" = ${watchlistId}::uuid AND i."embeddingModelVersion" = ${version}
      AND (${since}::timestamptz IS NULL OR i."createdAt" >= ${since}::timestamptz)`;
}

function addRows(c: CachedIndex, rows: { id: string; entryId: string; embedding: Uint8Array; createdAt: Date }[]) {
  for (const r of rows) {
    if (c.imageIds.has(r.id)) continue;
    c.index.add({ imageId: r.id, entryId: r.entryId }, bytesToEmbedding(r.embedding));
    c.imageIds.add(r.id);
    c.watermark = Math.max(c.watermark, r.createdAt.getTime());
  }
}

const building = new Map<string, Promise<void>>();

/**
 * Before the enrolling transaction: builds the watchlist's index from what is committed if this
 * process has none, outside any transaction and lock (a large watchlist's first build must not
 * hold the lock or run into the transaction timeout); the in-transaction sync then reads only the delta.
 */
export async function prepareDuplicateIndex(watchlistId: string) {
  if (cache.has(watchlistId)) return;
  let pending = building.get(watchlistId);
  if (!pending) {
    pending = (async () => {
      const c: CachedIndex = { index: new HnswIndex<ImageKey>({ dim: EMBEDDING_DIM }), imageIds: new Set(), watermark: 0 };
      addRows(c, await readImages(db(), watchlistId, null));
      if (!cache.has(watchlistId)) cache.set(watchlistId, c);
    })().finally(() => building.delete(watchlistId));
    building.set(watchlistId, pending);
  }
  await pending;
}

/** The watchlist's index, current with everything committed. Call with the enrolment lock held. */
export async function syncDuplicateIndex(tx: Tx, watchlistId: string): Promise<CachedIndex> {
  const version = MODELS.mobilefacenet.version;
  const [state] = await tx.$queryRaw<{ count: number; latest: Date | null }[]>`
    SELECT count(*)::int AS count, max(i."createdAt") AS latest
    FROM "WatchlistImage" i JOIN "WatchlistEntry" e ON e.id = i."entryId"
    WHERE e."watchlistId" = ${watchlistId}::uuid AND i."embeddingModelVersion" = ${version}`;
  let c = cache.get(watchlistId);
  if (c && c.imageIds.size === state.count && (state.latest?.getTime() ?? 0) === c.watermark) return c;
  if (c && state.count > c.imageIds.size) addRows(c, await readImages(tx, watchlistId, new Date(c.watermark - DELTA_SLACK_MS)));
  if (!c || c.imageIds.size !== state.count) {
    c = { index: new HnswIndex<ImageKey>({ dim: EMBEDDING_DIM }), imageIds: new Set(), watermark: 0 };
    addRows(c, await readImages(tx, watchlistId, null));
    cache.set(watchlistId, c);
  }
  return c;
}

/** After commit: the new image joins this process's index (a no-op when a concurrent sync already read it). */
export function rememberEnrolledImage(watchlistId: string, image: { id: string; entryId: string; embedding: Uint8Array; createdAt: Date }) {
  const c = cache.get(watchlistId);
  if (c) addRows(c, [image]);
}

/** Other subjects' images scoring at or above the threshold, best first (entry ids may include removed entries: callers re-read them). */
export function findNearDuplicates(c: CachedIndex, vector: Float32Array, threshold: number, excludeEntryId: string) {
  return c.index.searchAtLeast(vector, threshold).filter((h) => h.key.entryId !== excludeEntryId);
}

/** For tests: drop this process's indexes. */
export function clearDuplicateIndexes() {
  cache.clear();
}
