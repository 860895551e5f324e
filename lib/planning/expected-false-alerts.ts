import { HIST_MIN, HIST_STEP, type ScoreHistogram } from "@/lib/recognition/evidence/score-histogram";

/**
 * What a threshold costs in false alerts, from the measured impostor-score distribution of the
 * current model (the committed evidence lib/planning/evidence/<model>.json, written by
 * `npm run eval:faces -- --faces ../shared/lfw-dev --out ...`: millions of comparisons as a histogram). Pure and safe for the browser: the planning page
 * recomputes it as the commander moves the threshold.
 *
 *   p(t)   = P(one comparison of a passer-by with one watchlist entry scores >= t)
 *   P(t,N) = 1 - (1 - p(t))^N          a face falsely alerts against a list of N entries
 *   E      = footfall per hour x P(t,N) expected false alerts per hour
 *
 * p(t) is the empirical tail (share of measured impostor scores >= t) while at least
 * MIN_EXCEEDANCES scores lie at or above t. Beyond that there is too little data to count, so an
 * exponential tail (a generalised Pareto tail with shape 0, the usual extreme-value model for a
 * light tail) is fitted to the top scores (TAIL_FRACTION of them, at most TAIL_MAX) and joined
 * continuously to the empirical tail. It assumes comparisons are independent and that the evaluation faces resemble
 * the passers-by; docs/planning.md explains the limits.
 */

/** Fewest measured scores at or above t for the empirical tail to be used. */
export const MIN_EXCEEDANCES = 10;
/** Share of the highest scores the exponential tail is fitted to... */
export const TAIL_FRACTION = 0.1;
/** ...but never more than this many (with millions of comparisons, only the extreme tail matters). */
export const TAIL_MAX = 1000;

export interface ImpostorDistribution {
  modelId: string;
  modelVersion: string;
  measuredAt: string;
  /** Comparisons behind the distribution. */
  count: number;
  source: string;
}

export interface TailModel {
  n: number;
  /** Measured scores at or above t. */
  countAtOrAbove(t: number): number;
  /** Above this score the fitted tail is used. */
  switchAt: number;
  /** Empirical tail probability at switchAt (MIN_EXCEEDANCES / n). */
  pAtSwitch: number;
  /** Exponential scale (mean excess of the top scores over the fit's threshold). */
  beta: number;
  mean: number;
  sd: number;
}

/** Fits the tail model to a set of impostor scores. */
export function fitTail(scores: readonly number[]): TailModel {
  const sorted = scores.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n < 2 * MIN_EXCEEDANCES) throw new Error(`need at least ${2 * MIN_EXCEEDANCES} impostor scores, got ${n}`);
  const switchAt = sorted[n - MIN_EXCEEDANCES];
  const k = Math.max(MIN_EXCEEDANCES, Math.min(TAIL_MAX, Math.ceil(n * TAIL_FRACTION)));
  const u = sorted[n - k - 1];
  const top = sorted.slice(n - k);
  const beta = Math.max(1e-4, top.reduce((s, x) => s + (x - u), 0) / k);
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { n, countAtOrAbove: (t) => countAtOrAbove(sorted, t), switchAt, pAtSwitch: MIN_EXCEEDANCES / n, beta, mean, sd };
}

/**
 * The same tail model from a histogram on the 0.001 grid (lib/recognition/evidence/score-histogram.ts):
 * how millions of comparisons are stored. The switch point is the lowest bin edge with fewer than
 * MIN_EXCEEDANCES scores above it; the exponential scale is the mean excess (bin midpoints) of the
 * top scores over their lowest bin edge.
 */
export function fitTailFromHistogram(h: ScoreHistogram): TailModel {
  const n = h.count;
  if (n < 2 * MIN_EXCEEDANCES) throw new Error(`need at least ${2 * MIN_EXCEEDANCES} impostor scores, got ${n}`);
  const edge = (i: number) => HIST_MIN + i * HIST_STEP;
  let above = 0;
  let switchBin = -1;
  let uBin = -1;
  const k = Math.max(MIN_EXCEEDANCES, Math.min(TAIL_MAX, Math.ceil(n * TAIL_FRACTION)));
  for (let i = h.counts.length - 1; i >= 0; i--) {
    above += h.counts[i];
    if (switchBin < 0 && above >= MIN_EXCEEDANCES) switchBin = i;
    if (above >= k) {
      uBin = i;
      break;
    }
  }
  const switchAt = edge(switchBin);
  const u = edge(uBin);
  let ex = 0;
  let c = 0;
  for (let i = uBin; i < h.counts.length; i++) {
    ex += h.counts[i] * (edge(i) + HIST_STEP / 2 - u);
    c += h.counts[i];
  }
  const beta = Math.max(1e-4, ex / c);
  return { n, countAtOrAbove: (t) => h.countAtOrAbove(t), switchAt, pAtSwitch: h.countAtOrAbove(switchAt) / n, beta, mean: h.mean, sd: h.sd };
}

/** Count of sorted values >= t (binary search). */
function countAtOrAbove(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

export interface TailProbability {
  p: number;
  source: "empirical" | "fitted";
  /** Measured impostor scores at or above t. */
  exceedances: number;
}

/** p(t): the per-comparison impostor tail probability at threshold t. */
export function impostorTail(model: TailModel, t: number): TailProbability {
  const exceedances = Math.round(model.countAtOrAbove(t));
  if (t <= model.switchAt) return { p: exceedances / model.n, source: "empirical", exceedances };
  return { p: model.pAtSwitch * Math.exp(-(t - model.switchAt) / model.beta), source: "fitted", exceedances };
}

export interface FalseAlertEstimate {
  threshold: number;
  watchlistSize: number;
  footfallPerHour: number;
  /** Per comparison. */
  pComparison: number;
  /** Per face passing the cameras, against the whole watchlist. */
  pFace: number;
  perHour: number;
  /** Minutes between false alerts on average (Infinity when none are expected). */
  minutesBetween: number;
  source: "empirical" | "fitted";
  exceedances: number;
  sampleSize: number;
}

/** 1 - (1 - p)^N, accurate for tiny p and large N. */
export function anyOf(p: number, n: number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return 1;
  return -Math.expm1(n * Math.log1p(-p));
}

export function expectedFalseAlerts(model: TailModel, threshold: number, watchlistSize: number, footfallPerHour: number): FalseAlertEstimate {
  const tail = impostorTail(model, threshold);
  const pFace = anyOf(tail.p, watchlistSize);
  const perHour = footfallPerHour * pFace;
  return {
    threshold,
    watchlistSize,
    footfallPerHour,
    pComparison: tail.p,
    pFace,
    perHour,
    minutesBetween: perHour > 0 ? 60 / perHour : Infinity,
    source: tail.source,
    exceedances: tail.exceedances,
    sampleSize: model.n,
  };
}
