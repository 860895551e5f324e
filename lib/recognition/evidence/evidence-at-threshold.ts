import type { GroupRateJson, ModelEvidence } from "./model-evidence";
import { rate, type Rate } from "./open-set";
import { anyOfN, ScoreHistogram } from "./score-histogram";

/**
 * What a model's stored evidence says at one threshold (pure, browser-safe): TPIR and FPIR of
 * the evaluation's open-set searches with Wilson 95% intervals, the per-comparison false-match
 * rate and what it predicts for other watchlist sizes, and the group false-match rates at the
 * highest evaluated grid threshold at or below it (an upper bound of the rates at the threshold
 * itself: rates only fall as the threshold rises). The Oversight accuracy page shows it beside
 * the live figures.
 */
export interface EvidenceAtThreshold {
  threshold: number;
  model: { id: string; version: string; sha256: string; dataset: string; measuredAt: string };
  /** Entries in the evaluation's watchlist (its FPIR is for that size). */
  gallerySize: number;
  tpir: Rate | null;
  fpir: Rate | null;
  /** Per-comparison false-match rate p(t) and its count. */
  fmr: Rate;
  /** Expected share of faces of unknown people raising a false alert, 1-(1-p)^N. */
  predictedFpir: { watchlistSize: number; fpir: number }[];
  groups: EvidenceGroups[];
}

export interface EvidenceGroups {
  dataset: string;
  grouping: string;
  /** Threshold the rates were counted at (<= the threshold asked for). */
  countedAt: number;
  sameGroup: { group: string; comparisons: number; falseMatches: number; fmr: Rate }[];
  largestRatio: { high: string; low: string; ratio: number; lowIsZero: boolean } | null;
}

const hist = new WeakMap<object, ScoreHistogram>();
function histogram(sparse: ModelEvidence["impostor"]): ScoreHistogram {
  let h = hist.get(sparse);
  if (!h) hist.set(sparse, (h = ScoreHistogram.fromSparse(sparse)));
  return h;
}

const countAt = (sparse: ModelEvidence["impostor"], t: number) => Math.round(histogram(sparse).countAtOrAbove(t));

/** Group rates of one evidence at the highest stored grid threshold <= t (or the evaluation's own threshold). */
export function groupsAtThreshold(ev: ModelEvidence, t: number): EvidenceGroups[] {
  const grid = (ev.groupsAtThresholds ?? []).filter((g) => g.threshold <= t + 1e-9).sort((a, b) => b.threshold - a.threshold)[0];
  const fallback = ev.groups.length && ev.groups[0].threshold <= t + 1e-9 ? { threshold: ev.groups[0].threshold, groups: ev.groups } : null;
  const at = grid && (!fallback || grid.threshold >= fallback.threshold) ? grid : fallback;
  if (!at) return [];
  const row = (r: GroupRateJson) => ({ group: r.a, comparisons: r.comparisons, falseMatches: r.falseMatches, fmr: r.fmr });
  return at.groups.map((g) => ({
    dataset: ev.dataset.name,
    grouping: g.name,
    countedAt: at.threshold,
    sameGroup: g.sameGroup.filter((r) => r.comparisons > 0).map(row),
    largestRatio: g.largestRatio,
  }));
}

export function evidenceAtThreshold(
  ev: ModelEvidence,
  threshold: number,
  opts: { groupEvidence?: ModelEvidence[]; watchlistSizes?: number[] } = {},
): EvidenceAtThreshold {
  const tpir = ev.matedHits ? rate(countAt(ev.matedHits.histogram, threshold), ev.matedHits.searches) : null;
  const fpir = ev.nonMatedBest ? rate(countAt(ev.nonMatedBest.histogram, threshold), ev.nonMatedBest.searches) : null;
  const fmr = rate(countAt(ev.impostor, threshold), ev.impostor.count);
  const p = ev.impostor.count ? histogram(ev.impostor).tail(threshold) : 0;
  return {
    threshold,
    model: { id: ev.modelId, version: ev.modelVersion, sha256: ev.modelSha256, dataset: ev.dataset.name, measuredAt: ev.measuredAt },
    gallerySize: ev.dataset.enrolled,
    tpir,
    fpir,
    fmr,
    predictedFpir: (opts.watchlistSizes ?? [1_000, 10_000]).map((n) => ({ watchlistSize: n, fpir: anyOfN(p, n) })),
    groups: [ev, ...(opts.groupEvidence ?? [])].flatMap((e) => groupsAtThreshold(e, threshold)),
  };
}
