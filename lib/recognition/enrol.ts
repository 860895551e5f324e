import { subjectOf, type Gallery } from "./gallery";
import type { FaceRecognizer } from "./pipeline";
import { DEFAULT_QUALITY, assessQuality, type QualityOptions, type QualityReport } from "./quality";
import { DEFAULT_DUPLICATE_THRESHOLD } from "./thresholds";
import type { Detection, RgbaFrame } from "./types";
import { rowDot } from "./vector";

export type EnrolRejectionReason = "no_face" | "multiple_faces" | "face_too_small" | "low_quality";

export interface EnrolOptions {
  /**
   * `single` (default): the image must show exactly one good face; another good face of
   * comparable size rejects it as `multiple_faces`. `largest` (bulk import): take the largest good face.
   */
  pick?: "single" | "largest";
  /** A second face counts as "comparable" when its size is at least this fraction of the largest (default 0.5). */
  comparableSizeRatio?: number;
  /** Quality gates for enrolment (stricter than live matching by default). */
  quality?: Partial<QualityOptions>;
}

/** Enrolment photos must be better than live frames: bigger, clearer, frontal. */
export const ENROL_QUALITY: QualityOptions = {
  ...DEFAULT_QUALITY,
  minFaceSize: 64,
  minScore: 0.8,
  maxAlignmentError: 8,
};

export interface EnrolFace extends Detection {
  quality: QualityReport;
}

export type EnrolSelection =
  | { ok: true; face: EnrolFace; facesDetected: number; facesIgnored: number }
  | { ok: false; reason: EnrolRejectionReason; detail: string; facesDetected: number };

export type EnrolResult =
  | { ok: true; embedding: Float32Array; face: EnrolFace; facesDetected: number; facesIgnored: number }
  | { ok: false; reason: EnrolRejectionReason; detail: string; facesDetected: number };

const area = (d: Detection) => d.box.width * d.box.height;
const size = (d: Detection) => Math.min(d.box.width, d.box.height);

/** Chooses the one face to enrol from a photo's detections, or says why there is none. Pure. */
export function selectEnrolFace(detections: readonly Detection[], frameWidth: number, frameHeight: number, opts: EnrolOptions = {}): EnrolSelection {
  const gates = { ...ENROL_QUALITY, ...opts.quality };
  const ratio = opts.comparableSizeRatio ?? 0.5;
  const facesDetected = detections.length;
  if (facesDetected === 0) return { ok: false, reason: "no_face", detail: "no face detected", facesDetected };
  const faces: EnrolFace[] = detections.map((d) => ({ ...d, quality: assessQuality(d, frameWidth, frameHeight, gates) })).sort((a, b) => area(b) - area(a));
  const good = faces.filter((f) => f.quality.ok);
  if (good.length === 0) {
    const largest = faces[0];
    const reasons = largest.quality.reasons;
    const detail = `largest face ${Math.round(largest.quality.faceSize)}px, score ${largest.score.toFixed(2)}: ${reasons.join(", ")}`;
    return { ok: false, reason: reasons.includes("face_too_small") ? "face_too_small" : "low_quality", detail, facesDetected };
  }
  const chosen = good[0];
  const comparable = good.slice(1).filter((f) => size(f) >= ratio * size(chosen));
  if (comparable.length > 0 && (opts.pick ?? "single") === "single") {
    return {
      ok: false,
      reason: "multiple_faces",
      detail: `${comparable.length + 1} faces of comparable size; crop the photo or enrol with pick=largest`,
      facesDetected,
    };
  }
  return { ok: true, face: chosen, facesDetected, facesIgnored: facesDetected - 1 };
}

/** Photo -> exactly one good face -> unit embedding, or a rejection with its reason. */
export async function enrolFromFrame(recognizer: FaceRecognizer, frame: RgbaFrame, opts: EnrolOptions = {}): Promise<EnrolResult> {
  const { detections } = await recognizer.detect(frame);
  const sel = selectEnrolFace(detections, frame.width, frame.height, opts);
  if (!sel.ok) return sel;
  const { embeddings } = await recognizer.embedFaces(frame, [sel.face]);
  return { ok: true, embedding: embeddings, face: sel.face, facesDetected: sel.facesDetected, facesIgnored: sel.facesIgnored };
}

export interface DuplicateHit {
  index: number;
  id: string;
  subjectId: string;
  score: number;
}

/**
 * Entries of OTHER subjects that look like the same person as `embedding` (cosine >= threshold),
 * best first: a likely duplicate or mix-up to review before saving an enrolment. Entries of
 * `subjectId` itself are ignored (more photos of the same person are expected).
 */
export function findDuplicates(gallery: Gallery, embedding: Float32Array, subjectId: string, threshold = DEFAULT_DUPLICATE_THRESHOLD): DuplicateHit[] {
  const hits: DuplicateHit[] = [];
  for (let i = 0; i < gallery.ids.length; i++) {
    const subject = subjectOf(gallery, i);
    if (subject === subjectId) continue;
    const score = rowDot(gallery.vectors, i, gallery.dim, embedding);
    if (score >= threshold) hits.push({ index: i, id: gallery.ids[i], subjectId: subject, score });
  }
  return hits.sort((a, b) => b.score - a.score);
}
