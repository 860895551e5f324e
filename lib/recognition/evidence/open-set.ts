import { wilson } from "./score-histogram";

/**
 * Open-set identification figures from the scores of mated and non-mated searches (pure).
 *
 *   mated search:     a probe of an enrolled person. A hit at threshold t when the person's own
 *                     entry is the nearest (rank 1) and scores >= t. TPIR(t) = hits / mated searches.
 *   non-mated search: a face of someone never enrolled. A false alert when the nearest entry
 *                     scores >= t. FPIR(t) = false alerts / non-mated searches.
 *
 * The threshold "at FPIR x" is the lowest one with at most floor(x * n) false alerts among the n
 * non-mated searches; with n = 4,062, FPIR 1e-3 allows 4 and 1e-4 allows none, so its threshold
 * sits just above the highest non-mated score. Every rate comes with its count and a Wilson 95%
 * interval.
 */

export interface SearchScores {
  /** Per mated search: own-entry score when it is rank 1, else -Infinity (a miss at any threshold). */
  matedHit: Float64Array;
  /** Per mated search: own-entry score whatever its rank (NaN when it failed to acquire). */
  matedOwn: Float64Array;
  /** Per non-mated search: the nearest entry's score. */
  nonMatedBest: Float64Array;
}

export interface Rate {
  k: number;
  n: number;
  rate: number;
  lo: number;
  hi: number;
}

export const rate = (k: number, n: number): Rate => ({ k, n, rate: n ? k / n : NaN, ...wilson(k, n) });

export interface OperatingPoint {
  threshold: number;
  tpir: Rate;
  fpir: Rate;
}

export interface FpirTargetPoint extends OperatingPoint {
  target: number;
}

const countAtOrAbove = (xs: Float64Array, t: number) => {
  let c = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] >= t) c++;
  return c;
};

export function operatingPoint(s: SearchScores, threshold: number): OperatingPoint {
  return {
    threshold,
    tpir: rate(countAtOrAbove(s.matedHit, threshold), s.matedHit.length),
    fpir: rate(countAtOrAbove(s.nonMatedBest, threshold), s.nonMatedBest.length),
  };
}

/** Smallest threshold with at most floor(target * n) non-mated searches at or above it. */
export function thresholdAtFpir(nonMatedBest: Float64Array, target: number): number {
  const sorted = Float64Array.from(nonMatedBest).sort().reverse();
  const k = Math.floor(target * sorted.length + 1e-9);
  if (k >= sorted.length) return -Infinity;
  const v = sorted[k];
  // Just above the (k+1)-th highest score: ties with it are excluded too.
  return v + Math.max(1e-9, Math.abs(v) * 1e-12);
}

export function atFpir(s: SearchScores, target: number): FpirTargetPoint {
  return { target, ...operatingPoint(s, thresholdAtFpir(s.nonMatedBest, target)) };
}

export function rank1(s: SearchScores): Rate {
  let k = 0;
  for (let i = 0; i < s.matedHit.length; i++) if (s.matedHit[i] > -Infinity) k++;
  return rate(k, s.matedHit.length);
}

export const FPIR_TARGETS = [1e-2, 1e-3, 1e-4] as const;
