import { EMBEDDING_DIM } from "./models";
import { l2NormalizeInPlace } from "./vector";

/**
 * A watchlist in matching form: one packed, row-normalised Float32Array (size x dim) with one
 * entry id per row. A subject (person) may have several entries; `subjectIds` says whose each
 * row is (defaults to the entry id). Plain data: it can be posted to the worker, and `vectors`
 * can be transferred.
 */
export interface Gallery {
  readonly dim: number;
  readonly ids: readonly string[];
  readonly subjectIds?: readonly string[];
  readonly vectors: Float32Array;
}

export interface GalleryEntryInput {
  id: string;
  subjectId?: string;
  embedding: ArrayLike<number>;
}

export function gallerySize(g: Gallery): number {
  return g.ids.length;
}

export function subjectOf(g: Gallery, index: number): string {
  return g.subjectIds ? g.subjectIds[index] : g.ids[index];
}

/** Validates a gallery's shape; throws with the first problem found. */
export function assertGallery(g: Gallery): void {
  if (!Number.isInteger(g.dim) || g.dim <= 0) throw new Error(`gallery dim must be a positive integer, got ${g.dim}`);
  if (!(g.vectors instanceof Float32Array)) throw new Error("gallery vectors must be a Float32Array");
  if (g.vectors.length !== g.ids.length * g.dim) {
    throw new Error(`gallery has ${g.ids.length} ids but ${g.vectors.length / g.dim} vectors`);
  }
  if (g.subjectIds && g.subjectIds.length !== g.ids.length) throw new Error("gallery subjectIds length differs from ids");
}

/** Builds a gallery from entries, copying and L2-normalising every embedding. */
export function createGallery(entries: readonly GalleryEntryInput[], dim = EMBEDDING_DIM): Gallery {
  const vectors = new Float32Array(entries.length * dim);
  entries.forEach((e, i) => {
    if (e.embedding.length !== dim) throw new Error(`entry ${e.id}: embedding has ${e.embedding.length} values, expected ${dim}`);
    for (let k = 0; k < dim; k++) vectors[i * dim + k] = e.embedding[k];
    l2NormalizeInPlace(vectors, i * dim, dim);
  });
  const hasSubjects = entries.some((e) => e.subjectId !== undefined);
  return {
    dim,
    ids: entries.map((e) => e.id),
    subjectIds: hasSubjects ? entries.map((e) => e.subjectId ?? e.id) : undefined,
    vectors,
  };
}

/** Wraps an existing packed matrix (normalising rows in place unless told they already are). */
export function galleryFromMatrix(
  ids: readonly string[],
  vectors: Float32Array,
  opts: { dim?: number; subjectIds?: readonly string[]; normalised?: boolean } = {},
): Gallery {
  const dim = opts.dim ?? EMBEDDING_DIM;
  const g: Gallery = { dim, ids, subjectIds: opts.subjectIds, vectors };
  assertGallery(g);
  if (!opts.normalised) for (let i = 0; i < ids.length; i++) l2NormalizeInPlace(vectors, i * dim, dim);
  return g;
}

/** An empty gallery (no watchlist loaded: every face is "no match"). */
export function emptyGallery(dim = EMBEDDING_DIM): Gallery {
  return { dim, ids: [], vectors: new Float32Array(0) };
}

/**
 * A watchlist as the frozen snapshot carries it (lib/deployments/snapshot-format.ts): int8 rows,
 * row-major (rowCount x dim), and the 16-byte UUID of the entry each row belongs to. A row stands
 * for the unit vector in its direction (row / |row|), so the snapshot's per-row scales are not
 * needed. About 8x smaller than the float form with its id strings (144 bytes a row at 128-d), it
 * goes to the worker as is and into the int8 matcher without being dequantised and quantised again.
 */
export interface PackedGallery {
  readonly dim: number;
  readonly rowCount: number;
  readonly rows: Int8Array;
  readonly rowIds: Uint8Array;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** The entry id (UUID string) of row `i` of a packed gallery. */
export function packedRowId(g: PackedGallery, i: number): string {
  const at = i * 16;
  let s = "";
  for (let k = 0; k < 16; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) s += "-";
    s += HEX[g.rowIds[at + k]];
  }
  return s;
}

/** Validates a packed gallery's shape; throws with the first problem found. */
export function assertPackedGallery(g: PackedGallery): void {
  if (!Number.isInteger(g.dim) || g.dim <= 0) throw new Error(`gallery dim must be a positive integer, got ${g.dim}`);
  if (!Number.isInteger(g.rowCount) || g.rowCount < 0) throw new Error(`gallery rowCount must be a non-negative integer, got ${g.rowCount}`);
  if (!(g.rows instanceof Int8Array) || g.rows.length !== g.rowCount * g.dim)
    throw new Error(`packed gallery rows must be an Int8Array of ${g.rowCount} x ${g.dim}`);
  if (!(g.rowIds instanceof Uint8Array) || g.rowIds.length !== g.rowCount * 16)
    throw new Error(`packed gallery rowIds must be a Uint8Array of ${g.rowCount} x 16`);
}

/** The float form of a packed gallery (each row dequantised and normalised); for small galleries (enrolment checks). */
export function unpackGallery(g: PackedGallery): Gallery {
  const { dim, rowCount, rows } = g;
  const vectors = new Float32Array(rowCount * dim);
  for (let i = 0; i < rowCount; i++) {
    for (let k = 0; k < dim; k++) vectors[i * dim + k] = rows[i * dim + k];
    l2NormalizeInPlace(vectors, i * dim, dim);
  }
  return { dim, ids: Array.from({ length: rowCount }, (_, i) => packedRowId(g, i)), vectors };
}
