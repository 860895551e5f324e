/**
 * What a threshold costs in false alerts, from the measured impostor-score distribution of the
 * current model (lib/planning/impostor-scores.json, written by
 * scripts/write-impostor-distribution.ts). Pure and safe for the browser: the planning page
 * recomputes it as the commander moves the threshold.
 *
 *   p(t)   = P(one comparison of a passer-by with one watchlist entry scores >= t)
 *   P(t,N) = 1 - (1 - p(t))^N          a face falsely alerts against a list of N entries
 *   E      = footfall per hour x P(t,N) expected false alerts per hour
 *
 * p(t) is the empirical tail (share of measured impostor scores >= t) while at least
 * MIN_EXCEEDANCES scores lie at or above t. Beyond that there is too little data to count, so an
 * exponential tail (a generalised Pareto tail with shape 0, the usual extreme-value model for a
 * light tail) is fitted to the top TAIL_FRACTION of the scores and joined continuously to the
 * empirical tail. It assumes comparisons are independent and that the evaluation faces resemble
 * the passers-by; docs/planning.md explains the limits.
 */

/** Fewest measured scores at or above t for the empirical tail to be used. */
export const MIN_EXCEEDANCES = 10;
/** Share of the highest scores the exponential tail is fitted to. */
export const TAIL_FRACTION = 0.1;

export interface ImpostorDistribution {
  modelId: string;
  modelVersion: string;
  measuredAt: string;
  scores: readonly number[];
}

export interface TailModel {
  n: number;
  /** Scores ascending. */
  sorted: number[];
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
  const k = Math.max(MIN_EXCEEDANCES, Math.ceil(n * TAIL_FRACTION));
  const u = sorted[n - k - 1];
  const top = sorted.slice(n - k);
  const beta = Math.max(1e-4, top.reduce((s, x) => s + (x - u), 0) / k);
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { n, sorted, switchAt, pAtSwitch: MIN_EXCEEDANCES / n, beta, mean, sd };
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
  const exceedances = countAtOrAbove(model.sorted, t);
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
