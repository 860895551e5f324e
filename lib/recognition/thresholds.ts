/**
 * Match thresholds (cosine similarity of unit MobileFaceNet embeddings). The default comes from
 * `npm run eval:faces` on ../shared/faces; the evidence and the reasoning are in
 * docs/recognition.md. 40-odd photos of 15 people is a sanity check, not a bias or accuracy
 * study: every deployment should review its own threshold.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.45;

/** Lowest and highest threshold a deployment may configure. */
export const MIN_MATCH_THRESHOLD = 0.2;
export const MAX_MATCH_THRESHOLD = 0.95;

/**
 * At enrolment, entries of OTHER subjects at or above this score are flagged as possible
 * duplicates. Kept a little below the match threshold: a near-match is worth a human look.
 */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.4;

export type ThresholdValidation = { ok: true; value: number } | { ok: false; error: string };

/** Validates a per-deployment match threshold: a finite number in [0.2, 0.95]. */
export function validateMatchThreshold(value: unknown): ThresholdValidation {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) return { ok: false, error: "match threshold must be a number" };
  if (n < MIN_MATCH_THRESHOLD || n > MAX_MATCH_THRESHOLD) {
    return { ok: false, error: `match threshold must be between ${MIN_MATCH_THRESHOLD} and ${MAX_MATCH_THRESHOLD}, got ${n}` };
  }
  return { ok: true, value: n };
}
