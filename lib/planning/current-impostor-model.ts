import type { ModelEvidence } from "@/lib/recognition/evidence/model-evidence";
import { ScoreHistogram } from "@/lib/recognition/evidence/score-histogram";
import evidence from "./evidence/mobilefacenet.json";
import utkEvidence from "./evidence/mobilefacenet-utk-dev.json";
import { fitTailFromHistogram, type ImpostorDistribution } from "./expected-false-alerts";

/**
 * The stored evidence of the current model (written by `npm run eval:faces -- --faces
 * ../shared/lfw-dev --labels ../shared/lfw-dev/labels.tsv --out lib/planning/evidence/mobilefacenet.json`)
 * and its fitted impostor tail (browser-safe).
 */
export const MODEL_EVIDENCE = evidence as unknown as ModelEvidence;

/**
 * Group evidence of the same model on balanced faces (utk-dev: 930 photos by perceived sex and
 * ethnicity, impostor pairs only), written by `npm run eval:faces -- --faces ../shared/utk-dev
 * --labels ../shared/utk-dev/labels.tsv --out lib/planning/evidence/mobilefacenet-utk-dev.json`.
 */
export const GROUP_EVIDENCE: ModelEvidence[] = [utkEvidence as unknown as ModelEvidence];

export const IMPOSTOR_DISTRIBUTION: ImpostorDistribution = {
  modelId: MODEL_EVIDENCE.modelId,
  modelVersion: MODEL_EVIDENCE.modelVersion,
  measuredAt: MODEL_EVIDENCE.measuredAt,
  count: MODEL_EVIDENCE.impostor.count,
  source: `npm run eval:faces on ${MODEL_EVIDENCE.dataset.name} (${MODEL_EVIDENCE.dataset.images} photos, every pair of different people)`,
};
export const IMPOSTOR_TAIL = fitTailFromHistogram(ScoreHistogram.fromSparse(MODEL_EVIDENCE.impostor));
