import { assertGallery, assertPackedGallery, packedRowId, unpackGallery, type Gallery, type PackedGallery } from "./gallery";
import { rowDot } from "./vector";
import { PARALLEL_MIN_ROWS, ParallelScan, type ScanHelperSpawner } from "./parallel-scan";
import { KERNEL_DIM, KERNEL_HEADER_BYTES, QUERY_PTR, instantiateInt8ScanKernelSync, type Int8ScanKernel } from "./wasm/int8-scan-kernel";

/** One gallery entry and its exact cosine score against a probe. */
export interface MatchCandidate {
  index: number;
  id: string;
  score: number;
}

/**
 * Result of an open-set search for one probe. `match` is the best entry only when its score is
 * at or above the threshold; below it the face is "not on the watchlist" and `match` is null,
 * however close the nearest entry is. `best` (nearest entry, whatever its score) is for
 * diagnostics and evaluation only; never show it as an identification.
 */
export interface FaceMatch {
  match: MatchCandidate | null;
  best: MatchCandidate | null;
  /** Entries at or above the threshold, best first, at most `topK`. */
  candidates: MatchCandidate[];
}

export interface MatchOptions {
  /** How many above-threshold entries to return in `candidates` (default 5). */
  topK?: number;
}

export type MatcherKind = "wasm-simd" | "js";

export interface Matcher {
  readonly kind: MatcherKind;
  /** Rows (faces) searched. */
  readonly size: number;
  /** Threads a search uses now (helpers join a large packed gallery's scan once they have started). */
  readonly threads: number;
  /** The float form (built on first use for a packed matcher: keep to small galleries, e.g. enrolment). */
  readonly gallery: Gallery;
  /** Open-set search of each probe (unit vectors; packed m x dim or a list). */
  match(probes: Float32Array | readonly Float32Array[], threshold: number, opts?: MatchOptions): FaceMatch[];
  /** Releases the quantised copy. */
  dispose(): void;
}

function probeList(probes: Float32Array | readonly Float32Array[], dim: number): Float32Array[] {
  if (probes instanceof Float32Array) {
    if (probes.length % dim !== 0) throw new Error(`probe matrix length ${probes.length} is not a multiple of ${dim}`);
    const out: Float32Array[] = [];
    for (let i = 0; i < probes.length; i += dim) out.push(probes.subarray(i, i + dim));
    return out;
  }
  for (const p of probes) if (p.length !== dim) throw new Error(`probe has ${p.length} values, expected ${dim}`);
  return [...probes];
}

function checkThreshold(threshold: number): void {
  if (!Number.isFinite(threshold)) throw new Error(`match threshold must be a finite number, got ${threshold}`);
}

/** Builds the result from exactly scored candidates (ascending index order). */
function finish(idOf: (index: number) => string, scored: { index: number; score: number }[], threshold: number, topK: number): FaceMatch {
  let best: { index: number; score: number } | null = null;
  for (const c of scored) if (best === null || c.score > best.score) best = c;
  const above = scored.filter((c) => c.score >= threshold).sort((a, b) => b.score - a.score || a.index - b.index);
  const toCandidate = (c: { index: number; score: number }): MatchCandidate => ({ index: c.index, id: idOf(c.index), score: c.score });
  const bestC = best ? toCandidate(best) : null;
  return {
    match: bestC && bestC.score >= threshold ? bestC : null,
    best: bestC,
    candidates: above.slice(0, topK).map(toCandidate),
  };
}

/**
 * Exact open-set search by brute force over the float vectors. The reference for tests, and the
 * fallback when WebAssembly SIMD is unavailable.
 */
export function matchFacesExact(gallery: Gallery, probes: Float32Array | readonly Float32Array[], threshold: number, opts: MatchOptions = {}): FaceMatch[] {
  assertGallery(gallery);
  checkThreshold(threshold);
  const n = gallery.ids.length;
  const topK = opts.topK ?? 5;
  return probeList(probes, gallery.dim).map((p) => {
    const scored: { index: number; score: number }[] = [];
    for (let i = 0; i < n; i++) scored.push({ index: i, score: rowDot(gallery.vectors, i, gallery.dim, p) });
    return finish((i) => gallery.ids[i], scored, threshold, topK);
  });
}

function createJsMatcher(gallery: Gallery): Matcher {
  return {
    kind: "js",
    size: gallery.ids.length,
    threads: 1,
    gallery,
    match: (probes, threshold, opts) => matchFacesExact(gallery, probes, threshold, opts),
    dispose() {},
  };
}

/** Where the SIMD matcher's rows came from: how to score a row exactly and name it. */
interface RowSource {
  readonly size: number;
  /** Exact cosine of row i with the probe (the reference the approximate scan is checked against). */
  exact(i: number, probe: Float32Array): number;
  id(i: number): string;
  gallery(): Gallery;
}

/** Largest number of rows re-scored by index from WebAssembly; more falls back to a JS pass. */
const COLLECT_CAP = 65_536;

/**
 * Search over an int8 copy of the gallery with the WebAssembly SIMD kernel, then exact
 * re-scoring. Each row r is stored as int8 with its own scale s_r; the probe q as int16 with
 * scale s_q = max|q|/32767. The approximate score then differs from the exact one by at most
 * e_r * |q|_1  +  s_q/2 * |r^|_1  (|.|_1 = L1 norm, r^ = dequantised row; e_r = s_r/2, the row's
 * rounding error, for a float gallery quantised here, and 0 for a packed gallery whose int8 rows
 * ARE the reference); `bound` below is that maximum over all rows plus float slack. Every entry
 * that could be the nearest one (approx >= maxApprox - 2*bound) is re-scored exactly and, when more
 * than one candidate is asked for, every entry that could be at or above the threshold
 * (approx >= T - bound), so `match`, `best` and `candidates` equal the exact brute-force results.
 * (With topK 1, the live path, a low threshold does not mean re-scoring every row above it.) The
 * kernel returns the maximum and lists the rows above the cutoff itself: no JS pass over the n
 * approximate scores per probe.
 */
class SimdMatcher implements Matcher {
  readonly kind = "wasm-simd" as const;
  private kernel: Int8ScanKernel | null;
  private readonly n: number;
  private readonly blocks: number;
  private readonly query: Int16Array;
  private readonly approx: Float32Array;
  private readonly picked: Int32Array;
  private floatGallery: Gallery | null = null;

  constructor(
    private readonly source: RowSource,
    kernel: Int8ScanKernel,
    private readonly layout: Layout,
    /** Largest row rounding error factor (s_r / 2 for a quantised float row, 0 for packed rows). */
    private readonly maxRowError: number,
    private readonly maxRowHatL1: number,
    private parallel: ParallelScan | null = null,
  ) {
    this.kernel = kernel;
    this.n = source.size;
    this.blocks = layout.padded / 4;
    const buf = kernel.memory.buffer;
    this.query = new Int16Array(buf, QUERY_PTR, KERNEL_DIM);
    this.approx = new Float32Array(buf, layout.outPtr, layout.padded);
    this.picked = new Int32Array(buf, layout.idxPtr, COLLECT_CAP);
  }

  get size(): number {
    return this.n;
  }

  get threads(): number {
    return this.parallel?.threads ?? 1;
  }

  get gallery(): Gallery {
    this.floatGallery ??= this.source.gallery();
    return this.floatGallery;
  }

  match(probes: Float32Array | readonly Float32Array[], threshold: number, opts: MatchOptions = {}): FaceMatch[] {
    checkThreshold(threshold);
    const kernel = this.kernel;
    if (!kernel) throw new Error("matcher has been disposed");
    const topK = opts.topK ?? 5;
    const { source, layout } = this;
    return probeList(probes, KERNEL_DIM).map((p) => {
      if (this.n === 0) return { match: null, best: null, candidates: [] };
      let qMax = 0;
      let qL1 = 0;
      for (let k = 0; k < KERNEL_DIM; k++) {
        const a = Math.abs(p[k]);
        qL1 += a;
        if (a > qMax) qMax = a;
      }
      const qScale = qMax > 0 ? qMax / 32767 : 1;
      for (let k = 0; k < KERNEL_DIM; k++) this.query[k] = Math.round(p[k] / qScale);
      // Padding rows (scale 0) score 0: they can only lower the cutoff, never hide a row.
      const maxApprox = (this.parallel ?? kernel).scan(layout.rowsPtr, layout.scalesPtr, layout.outPtr, this.blocks, qScale);

      const bound = this.maxRowError * qL1 + 0.5 * qScale * this.maxRowHatL1 + 1e-5;
      // Top 1 (the live path): only a row that could be the nearest matters, whatever the threshold.
      // Otherwise every row that could be at or above the threshold is a possible candidate.
      const nearest = maxApprox - 2 * bound;
      const cutoff = topK <= 1 ? nearest : Math.min(threshold - bound, nearest);
      const scored: { index: number; score: number }[] = [];
      const count = kernel.collect(layout.outPtr, this.n, cutoff, layout.idxPtr, COLLECT_CAP);
      if (count <= COLLECT_CAP) {
        for (let j = 0; j < count; j++) {
          const i = this.picked[j];
          scored.push({ index: i, score: source.exact(i, p) });
        }
      } else {
        const approx = this.approx;
        for (let i = 0; i < this.n; i++) if (approx[i] >= cutoff) scored.push({ index: i, score: source.exact(i, p) });
      }
      return finish(source.id.bind(source), scored, threshold, topK);
    });
  }

  dispose(): void {
    this.kernel = null;
    this.parallel?.dispose();
    this.parallel = null;
  }
}

interface Layout {
  padded: number;
  scalesPtr: number;
  rowsPtr: number;
  outPtr: number;
  idxPtr: number;
  bytes: number;
}

function layoutFor(n: number): Layout {
  const padded = Math.max(4, Math.ceil(n / 4) * 4);
  const scalesPtr = KERNEL_HEADER_BYTES;
  const rowsPtr = scalesPtr + padded * 4;
  const outPtr = rowsPtr + padded * KERNEL_DIM;
  const idxPtr = outPtr + padded * 4;
  return { padded, scalesPtr, rowsPtr, outPtr, idxPtr, bytes: idxPtr + COLLECT_CAP * 4 };
}

/** Quantises a float gallery into the kernel's memory (int8, scale max|r|/127 per row). */
function simdFromFloat(gallery: Gallery, kernel: Int8ScanKernel, layout: Layout): SimdMatcher {
  const n = gallery.ids.length;
  const buf = kernel.memory.buffer;
  const scales = new Float32Array(buf, layout.scalesPtr, layout.padded);
  const rows = new Int8Array(buf, layout.rowsPtr, layout.padded * KERNEL_DIM);
  const v = gallery.vectors;
  let maxRowScale = 0;
  let maxRowHatL1 = 0;
  for (let i = 0; i < n; i++) {
    const base = i * KERNEL_DIM;
    let m = 0;
    for (let k = 0; k < KERNEL_DIM; k++) {
      const a = Math.abs(v[base + k]);
      if (a > m) m = a;
    }
    const scale = Math.fround(m / 127);
    scales[i] = scale;
    let l1 = 0;
    if (scale > 0) {
      const inv = 1 / scale;
      for (let k = 0; k < KERNEL_DIM; k++) {
        // Branch-free round-half-up: floor(x + 0.5) via truncation of a positive number
        // (|x| <= 127 by construction, plus a rounding hair the clamp absorbs).
        const q = Math.max(-127, Math.min(127, ((v[base + k] * inv + 128.5) | 0) - 128));
        rows[base + k] = q;
        l1 += Math.abs(q);
      }
    }
    if (scale > maxRowScale) maxRowScale = scale;
    if (l1 * scale > maxRowHatL1) maxRowHatL1 = l1 * scale;
  }
  const source: RowSource = {
    size: n,
    exact: (i, p) => rowDot(gallery.vectors, i, KERNEL_DIM, p),
    id: (i) => gallery.ids[i],
    gallery: () => gallery,
  };
  return new SimdMatcher(source, kernel, layout, 0.5 * maxRowScale, maxRowHatL1);
}

/**
 * Copies a packed gallery's int8 rows into the kernel's memory as they are, with scale 1/|row|
 * (each row is the unit vector in its direction: the same vectors the float form dequantises to).
 * Exact scores are then  sum_k row[k] * p[k] / |row|  in double precision (1/|row| as the f32
 * the kernel uses: its relative rounding, 2^-24, is far below the float form's own).
 */
function simdFromPacked(g: PackedGallery, kernel: Int8ScanKernel, layout: Layout, parallel: ParallelScan | null): SimdMatcher {
  const n = g.rowCount;
  const buf = kernel.memory.buffer;
  const scales = new Float32Array(buf, layout.scalesPtr, layout.padded);
  const rows = new Int8Array(buf, layout.rowsPtr, layout.padded * KERNEL_DIM);
  rows.set(g.rows);
  kernel.norms(layout.rowsPtr, layout.scalesPtr, n);
  // |r^|_1 <= sqrt(dim) * |r^|_2 = sqrt(dim) for a unit row: a bound without a pass over the rows
  // (about 25% above the typical L1 of a face embedding; it only widens the re-scored set slightly).
  const maxRowHatL1 = n > 0 ? Math.sqrt(KERNEL_DIM) : 0;
  const source: RowSource = {
    size: n,
    exact: (i, p) => {
      const base = i * KERNEL_DIM;
      let d = 0;
      for (let k = 0; k < KERNEL_DIM; k++) d += rows[base + k] * p[k];
      return d * scales[i];
    },
    id: (i) => packedRowId(g, i),
    gallery: () => unpackGallery({ ...g, rows: rows.subarray(0, n * KERNEL_DIM) }),
  };
  // The scales are rounded to f32 in the kernel: a relative error of 2^-24, inside the 1e-5 slack.
  return new SimdMatcher(source, kernel, layout, 0, maxRowHatL1, parallel);
}

/**
 * Builds a matcher for a gallery: the SIMD kernel when the gallery is 128-d and WebAssembly SIMD
 * is available (memory: n*136 bytes on top of the float gallery), otherwise exact plain JS.
 */
export function createMatcher(gallery: Gallery, opts: { prefer?: MatcherKind } = {}): Matcher {
  assertGallery(gallery);
  if (opts.prefer === "js" || gallery.dim !== KERNEL_DIM) return createJsMatcher(gallery);
  const layout = layoutFor(gallery.ids.length);
  const kernel = instantiateInt8ScanKernelSync(layout.bytes);
  if (!kernel) return createJsMatcher(gallery);
  return simdFromFloat(gallery, kernel, layout);
}

export interface PackedMatcherOptions {
  prefer?: MatcherKind;
  /**
   * Helper threads for the scan of a large gallery (PARALLEL_MIN_ROWS rows or more): the rows go
   * into a shared memory and `count` helpers started by `spawn` scan shares of it. Only for a
   * caller that may block (a worker, or Node), and only where SharedArrayBuffer exists (a
   * cross-origin isolated page); otherwise one thread scans, with the same results.
   */
  scanHelpers?: { spawn: ScanHelperSpawner; count: number };
}

/**
 * Builds a matcher straight from a packed (int8) gallery, as the snapshot carries it: the rows go
 * into the SIMD kernel's memory unchanged (n*136 bytes in all; the payload can be dropped after),
 * with no float copy. Without SIMD (or at another dimension) it falls back to exact JS search
 * over the dequantised rows. Results equal those of createMatcher(unpackGallery(g)) up to float
 * rounding (the same rows, the same exact re-scoring).
 */
export function createPackedMatcher(g: PackedGallery, opts: PackedMatcherOptions = {}): Matcher {
  assertPackedGallery(g);
  if (opts.prefer === "js" || g.dim !== KERNEL_DIM) return createJsMatcher(unpackGallery(g));
  const layout = layoutFor(g.rowCount);
  const helpers = opts.scanHelpers && opts.scanHelpers.count > 0 && g.rowCount >= PARALLEL_MIN_ROWS ? opts.scanHelpers : null;
  const shared = helpers ? instantiateInt8ScanKernelSync(layout.bytes, { shared: true }) : null;
  const kernel = shared ?? instantiateInt8ScanKernelSync(layout.bytes);
  if (!kernel) return createJsMatcher(unpackGallery(g));
  return simdFromPacked(g, kernel, layout, shared && helpers ? new ParallelScan(shared, helpers.spawn, helpers.count) : null);
}

const cache = new WeakMap<Gallery, Matcher>();

/**
 * Open-set search: for each probe the best gallery entry if its cosine score is >= threshold,
 * else no match. The quantised index is built once per gallery object and cached.
 */
export function matchFaces(gallery: Gallery, probes: Float32Array | readonly Float32Array[], threshold: number, opts?: MatchOptions): FaceMatch[] {
  let m = cache.get(gallery);
  if (!m) {
    m = createMatcher(gallery);
    cache.set(gallery, m);
  }
  return m.match(probes, threshold, opts);
}
