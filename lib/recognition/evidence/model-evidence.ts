import type { FpirTargetPoint, OperatingPoint, Rate } from "./open-set";
import type { SparseHistogram } from "./score-histogram";

/**
 * The stored evidence of an embedding model: what `npm run eval:faces -- --json` prints last and
 * `--out` writes (lib/planning/evidence/<model>.json is the committed one). Histograms on a 0.001
 * grid and quantiles only, never raw scores, so it stays a few kilobytes for millions of
 * comparisons. Browser-safe types: the planning page, the authoriser's review and the dossier
 * read it through lib/planning/threshold-evidence.ts.
 */
export const EVIDENCE_SCHEMA = "vigil.recognition-evidence/1";

export interface GroupRateJson {
  a: string;
  b: string;
  comparisons: number;
  falseMatches: number;
  fmr: Rate;
}

export interface ModelEvidence {
  schema: typeof EVIDENCE_SCHEMA;
  modelId: string;
  modelVersion: string;
  modelSha256: string;
  measuredAt: string;
  dataset: {
    name: string;
    images: number;
    enrolled: number;
    matedSearches: number;
    nonMatedSearches: number;
    failuresToEnrol: number;
    failuresToAcquire: number;
    /** Photos left out as known label errors (lib/recognition/evidence/errata/<set>.tsv). */
    excludedAsLabelErrors?: number;
  };
  /** `enrolFusion`: how an entry with several photos is matched (absent in evidence written before it). */
  config: { flip: boolean; normalisation: string; enrolPhotos: number; enrolFusion?: string; trackFusion: string };
  runtimeSeconds: number;
  rank1: Rate | null;
  atFpir: FpirTargetPoint[];
  atThreshold: OperatingPoint | null;
  /** Own-entry scores of mated searches that were rank 1 (searches = all mated searches): TPIR(t) = count >= t / searches. */
  matedHits: { searches: number; histogram: SparseHistogram } | null;
  /** Nearest-entry score of each non-mated search: FPIR(t) at the measured gallery size. */
  nonMatedBest: { searches: number; histogram: SparseHistogram } | null;
  /** Every comparison of two photos of different people: p(t), the per-comparison false-match rate. */
  impostor: SparseHistogram;
  impostorSummary: { comparisons: number; mean: number; sd: number; quantiles: Record<string, number> };
  changes: { name: string; rank1: Rate; mated: number; nonMated: number; atFpir: { target: number; threshold: number; tpir: Rate; fpir: Rate }[] }[];
  walkPast: {
    name: string;
    decision: string;
    matedPasses: number;
    nonMatedPasses: number;
    atFpir: { target: number; threshold: number; tpir: Rate; fpir: Rate }[];
  }[];
  groups: {
    name: string;
    threshold: number;
    sameGroup: GroupRateJson[];
    betweenGroups: GroupRateJson[];
    largestRatio: { high: string; low: string; ratio: number; lowIsZero: boolean } | null;
  }[];
  missByGroup: { group: string; fnir: Rate }[];
  /**
   * Same-group false-match rates and the largest ratio at a grid of thresholds (the group
   * histograms themselves are not stored), so a reader at a deployment's threshold can take the
   * highest grid threshold at or below it: an upper bound of the rates there. Absent in evidence
   * written before it existed.
   */
  groupsAtThresholds?: {
    threshold: number;
    groups: { name: string; sameGroup: GroupRateJson[]; largestRatio: ModelEvidence["groups"][number]["largestRatio"] }[];
  }[];
}

/** Thresholds at which `groupsAtThresholds` is written. */
export const GROUP_THRESHOLD_GRID = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7] as const;
