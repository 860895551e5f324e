import type { ModelEvidence } from "@/lib/recognition/evidence/model-evidence";
import { ScoreHistogram } from "@/lib/recognition/evidence/score-histogram";
import { MAX_MATCH_THRESHOLD, MIN_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import { anyOf, fitTailFromHistogram, impostorTail, type TailModel } from "./expected-false-alerts";

/**
 * Thresholds from evidence (pure, browser-safe). For a deployment's watchlist size N, the
 * default threshold is the lowest one whose expected false alerts per 1,000 searched faces,
 * 1000 x (1 - (1 - p(t))^N), meet the target, with p(t) the per-comparison false-match rate of
 * the model in use from its stored impostor distribution (millions of comparisons; an
 * exponential tail beyond the last 10 measured exceedances). The TPIR it costs comes from the
 * same evidence's mated searches. The planning page, the authoriser's review and the dossier
 * call `thresholdEvidence`; figures and limits: docs/recognition.md.
 */

/** Default target: at most 1 expected false alert per 1,000 faces searched. */
export const DEFAULT_FALSE_ALERTS_PER_1000 = 1;
/** Grid the recommended threshold is chosen on. */
export const THRESHOLD_STEP = 0.005;

export interface PreparedEvidence {
  evidence: ModelEvidence;
  tail: TailModel;
  matedHits: ScoreHistogram | null;
  matedSearches: number;
}

const prepared = new WeakMap<ModelEvidence, PreparedEvidence>();

/** Parses the histograms once per evidence object. */
export function prepareEvidence(evidence: ModelEvidence): PreparedEvidence {
  const hit = prepared.get(evidence);
  if (hit) return hit;
  const p: PreparedEvidence = {
    evidence,
    tail: fitTailFromHistogram(ScoreHistogram.fromSparse(evidence.impostor)),
    matedHits: evidence.matedHits ? ScoreHistogram.fromSparse(evidence.matedHits.histogram) : null,
    matedSearches: evidence.matedHits?.searches ?? 0,
  };
  prepared.set(evidence, p);
  return p;
}

export interface ThresholdAssessment {
  threshold: number;
  watchlistSize: number;
  /** Per-comparison false-match rate p(t). */
  pComparison: number;
  /** "measured": counted among the stored comparisons; "fitted": from the exponential tail. */
  source: "empirical" | "fitted";
  exceedances: number;
  comparisons: number;
  /** Expected false alerts per 1,000 faces searched against N entries. */
  falseAlertsPer1000Faces: number;
  /** Expected false alerts per hour at the footfall, when one is given. */
  falseAlertsPerHour: number | null;
  /** TPIR expected at this threshold (mated searches of the evidence; its gallery size, see caveats). */
  tpir: number | null;
  tpirSearches: number;
}

export function assessThreshold(ev: ModelEvidence, threshold: number, watchlistSize: number, footfallPerHour: number | null = null): ThresholdAssessment {
  const p = prepareEvidence(ev);
  const tail = impostorTail(p.tail, threshold);
  const pFace = anyOf(tail.p, watchlistSize);
  return {
    threshold,
    watchlistSize,
    pComparison: tail.p,
    source: tail.source,
    exceedances: tail.exceedances,
    comparisons: p.tail.n,
    falseAlertsPer1000Faces: 1000 * pFace,
    falseAlertsPerHour: footfallPerHour === null ? null : footfallPerHour * pFace,
    tpir: p.matedHits && p.matedSearches > 0 ? p.matedHits.countAtOrAbove(threshold) / p.matedSearches : null,
    tpirSearches: p.matedSearches,
  };
}

/**
 * The lowest threshold on the 0.005 grid (within the allowed [0.2, 0.95]) whose expected false
 * alerts per 1,000 faces are at most the target for this watchlist size. An empty watchlist
 * cannot alert: the lowest allowed threshold is returned with 0 expected false alerts.
 */
export function recommendThreshold(
  ev: ModelEvidence,
  watchlistSize: number,
  targetPer1000 = DEFAULT_FALSE_ALERTS_PER_1000,
): ThresholdAssessment & { targetPer1000: number; meetsTarget: boolean } {
  if (!(targetPer1000 > 0)) throw new Error("targetPer1000 must be positive");
  const size = Math.max(0, Math.floor(watchlistSize));
  const lo = Math.round(MIN_MATCH_THRESHOLD / THRESHOLD_STEP);
  const hi = Math.round(MAX_MATCH_THRESHOLD / THRESHOLD_STEP);
  // False alerts fall as the threshold rises: binary search for the first grid point that meets the target.
  let a = lo;
  let b = hi;
  const meets = (i: number) => assessThreshold(ev, round(i * THRESHOLD_STEP), size).falseAlertsPer1000Faces <= targetPer1000;
  if (!meets(hi)) return { ...assessThreshold(ev, MAX_MATCH_THRESHOLD, size), targetPer1000, meetsTarget: false };
  while (a < b) {
    const m = (a + b) >> 1;
    if (meets(m)) b = m;
    else a = m + 1;
  }
  return { ...assessThreshold(ev, round(a * THRESHOLD_STEP), size), targetPer1000, meetsTarget: true };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export interface GroupDifferential {
  grouping: string;
  threshold: number;
  highest: { group: string; fmr: number; lo: number; hi: number; comparisons: number } | null;
  lowest: { group: string; fmr: number; lo: number; hi: number; comparisons: number } | null;
  /** highest / lowest same-group false-match rate; null when the lowest is 0 (ratio unbounded) or no data. */
  ratio: number | null;
}

/** The same-group false-match differentials the evidence measured (at the evaluation's threshold). */
export function groupDifferentials(ev: ModelEvidence): GroupDifferential[] {
  return ev.groups.map((g) => {
    const rows = g.sameGroup.filter((r) => r.comparisons > 0).sort((x, y) => y.fmr.rate - x.fmr.rate);
    const pick = (r: (typeof rows)[number] | undefined) => (r ? { group: r.a, fmr: r.fmr.rate, lo: r.fmr.lo, hi: r.fmr.hi, comparisons: r.comparisons } : null);
    const highest = pick(rows[0]);
    const lowest = pick(rows[rows.length - 1]);
    return { grouping: g.name, threshold: g.threshold, highest, lowest, ratio: highest && lowest && lowest.fmr > 0 ? highest.fmr / lowest.fmr : null };
  });
}

export interface ThresholdEvidence {
  model: {
    id: string;
    version: string;
    sha256: string;
    measuredAt: string;
    dataset: string;
    comparisons: number;
    matedSearches: number;
    nonMatedSearches: number;
  };
  /** The evidence-based default for this watchlist size and target. */
  recommended: ReturnType<typeof recommendThreshold>;
  /** The threshold in force or proposed, when given. */
  atThreshold: ThresholdAssessment | null;
  differentials: GroupDifferential[];
}

/** Everything a reviewer needs about a threshold, from the stored evidence of the model in use. */
export function thresholdEvidence(
  ev: ModelEvidence,
  opts: { watchlistSize: number; footfallPerHour?: number | null; threshold?: number | null; targetPer1000?: number },
): ThresholdEvidence {
  const footfall = opts.footfallPerHour ?? null;
  const recommended = recommendThreshold(ev, opts.watchlistSize, opts.targetPer1000 ?? DEFAULT_FALSE_ALERTS_PER_1000);
  if (footfall !== null) recommended.falseAlertsPerHour = (footfall * recommended.falseAlertsPer1000Faces) / 1000;
  return {
    model: {
      id: ev.modelId,
      version: ev.modelVersion,
      sha256: ev.modelSha256,
      measuredAt: ev.measuredAt,
      dataset: ev.dataset.name,
      comparisons: ev.impostor.count,
      matedSearches: ev.dataset.matedSearches,
      nonMatedSearches: ev.dataset.nonMatedSearches,
    },
    recommended,
    atThreshold:
      typeof opts.threshold === "number" && Number.isFinite(opts.threshold) ? assessThreshold(ev, opts.threshold, opts.watchlistSize, footfall) : null,
    differentials: groupDifferentials(ev),
  };
}
