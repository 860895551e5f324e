/** Small vector helpers shared by matching, enrolment and the tracker. */

/** Normalises `v[offset .. offset+dim)` to unit length in place; a zero vector stays zero. */
export function l2NormalizeInPlace(v: Float32Array, offset = 0, dim = v.length - offset): void {
  let s = 0;
  for (let i = offset; i < offset + dim; i++) s += v[i] * v[i];
  if (s <= 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let i = offset; i < offset + dim; i++) v[i] *= inv;
}

/**
 * Dot product of row `row` of a packed matrix with `probe` (from `probeOffset`), accumulated in
 * double precision. Every exact score in this module comes from this one function, so exact
 * search and the re-scoring step of the SIMD search produce bit-identical numbers.
 */
export function rowDot(matrix: Float32Array, row: number, dim: number, probe: ArrayLike<number>, probeOffset = 0): number {
  const base = row * dim;
  let s = 0;
  for (let k = 0; k < dim; k++) s += matrix[base + k] * probe[probeOffset + k];
  return s;
}

/** Cosine similarity of two vectors (does not assume unit length). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
