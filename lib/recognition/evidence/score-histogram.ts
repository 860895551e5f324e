/**
 * Streaming statistics for similarity scores: a fixed-bin histogram over [-1, 1] (bins of
 * 0.001), so millions of comparisons cost 16 KB, never an array of raw scores, and never
 * `Math.max(...scores)`. Counts at or above a threshold are exact on the 0.001 grid and
 * linearly interpolated inside a bin. Pure and browser-safe: the planning page reads the
 * committed histograms through the same class.
 */

export const HIST_MIN = -1;
export const HIST_MAX = 1;
export const HIST_STEP = 0.001;
export const HIST_BINS = Math.round((HIST_MAX - HIST_MIN) / HIST_STEP);

/** Stored form: the non-empty bins only, as [bin index, count] pairs, plus exact extremes. */
export interface SparseHistogram {
  min: number;
  step: number;
  count: number;
  lowest: number;
  highest: number;
  bins: [number, number][];
}

export class ScoreHistogram {
  readonly counts = new Float64Array(HIST_BINS);
  count = 0;
  lowest = Infinity;
  highest = -Infinity;
  sum = 0;
  sumSq = 0;

  static binOf(s: number): number {
    return Math.min(HIST_BINS - 1, Math.max(0, Math.floor((s - HIST_MIN) / HIST_STEP + 1e-9)));
  }

  add(s: number, weight = 1): void {
    if (!Number.isFinite(s)) return;
    this.counts[ScoreHistogram.binOf(s)] += weight;
    this.count += weight;
    this.sum += s * weight;
    this.sumSq += s * s * weight;
    if (s < this.lowest) this.lowest = s;
    if (s > this.highest) this.highest = s;
  }

  merge(o: ScoreHistogram): void {
    for (let i = 0; i < HIST_BINS; i++) this.counts[i] += o.counts[i];
    this.count += o.count;
    this.sum += o.sum;
    this.sumSq += o.sumSq;
    this.lowest = Math.min(this.lowest, o.lowest);
    this.highest = Math.max(this.highest, o.highest);
  }

  get mean(): number {
    return this.count ? this.sum / this.count : NaN;
  }

  get sd(): number {
    return this.count > 1 ? Math.sqrt(Math.max(0, (this.sumSq - (this.sum * this.sum) / this.count) / (this.count - 1))) : NaN;
  }

  /** Scores >= t (exact when t is on the 0.001 grid; interpolated inside a bin). */
  countAtOrAbove(t: number): number {
    if (t > this.highest) return 0;
    if (t <= this.lowest) return this.count;
    const pos = (t - HIST_MIN) / HIST_STEP;
    const b = Math.floor(pos + 1e-9);
    let n = 0;
    for (let i = Math.max(0, b + 1); i < HIST_BINS; i++) n += this.counts[i];
    if (b >= 0 && b < HIST_BINS) {
      const frac = Math.max(0, Math.min(1, 1 - (pos - b)));
      n += this.counts[b] * (frac > 1 - 1e-6 ? 1 : frac);
    }
    return n;
  }

  /** Share of scores >= t. */
  tail(t: number): number {
    return this.count ? this.countAtOrAbove(t) / this.count : NaN;
  }

  /** q-quantile (0..1), to bin resolution (upper edge of the bin where the cumulative count reaches q). */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    if (q <= 0) return this.lowest;
    if (q >= 1) return this.highest;
    const target = q * this.count;
    let c = 0;
    for (let i = 0; i < HIST_BINS; i++) {
      c += this.counts[i];
      if (c >= target) return Math.min(this.highest, Math.max(this.lowest, HIST_MIN + (i + 1) * HIST_STEP));
    }
    return this.highest;
  }

  /** Smallest grid threshold t with at most `maxCount` scores >= t. */
  thresholdForCount(maxCount: number): number {
    let c = 0;
    for (let i = HIST_BINS - 1; i >= 0; i--) {
      if (c + this.counts[i] > maxCount) return HIST_MIN + (i + 1) * HIST_STEP;
      c += this.counts[i];
    }
    return HIST_MIN;
  }

  toSparse(): SparseHistogram {
    const bins: [number, number][] = [];
    for (let i = 0; i < HIST_BINS; i++) if (this.counts[i] > 0) bins.push([i, this.counts[i]]);
    return { min: HIST_MIN, step: HIST_STEP, count: this.count, lowest: this.lowest, highest: this.highest, bins };
  }

  static fromSparse(s: SparseHistogram): ScoreHistogram {
    if (s.min !== HIST_MIN || Math.abs(s.step - HIST_STEP) > 1e-12) throw new Error(`histogram grid ${s.min}/${s.step} is not ${HIST_MIN}/${HIST_STEP}`);
    const h = new ScoreHistogram();
    for (const [i, c] of s.bins) {
      if (!Number.isInteger(i) || i < 0 || i >= HIST_BINS || !(c >= 0)) throw new Error(`bad histogram bin [${i}, ${c}]`);
      h.counts[i] += c;
      h.count += c;
      const mid = HIST_MIN + (i + 0.5) * HIST_STEP;
      h.sum += mid * c;
      h.sumSq += mid * mid * c;
    }
    h.lowest = s.lowest;
    h.highest = s.highest;
    return h;
  }
}

/** Wilson score 95% interval of k successes in n trials. */
export function wilson(k: number, n: number, z = 1.959964): { lo: number; hi: number } {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  // Exact ends for k = 0 and k = n (floating point leaves e.g. 4e-19 there).
  return { lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half) };
}

/** 1 - (1 - p)^n, accurate for tiny p and large n: P(at least one of n comparisons exceeds). */
export function anyOfN(p: number, n: number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return 1;
  return -Math.expm1(n * Math.log1p(-p));
}
