import { ARCFACE_TEMPLATE, alignmentTransform, applySimilarity } from "./align";
import type { Detection } from "./types";

/** Why a detected face is not used for matching. */
export type QualityReason = "face_too_small" | "low_score" | "landmarks_outside_frame" | "extreme_pose";

export interface QualityOptions {
  /** Minimum of box width and height, in frame pixels. */
  minFaceSize: number;
  /** Minimum detector score. */
  minScore: number;
  /**
   * Maximum RMS distance (in 112x112 template pixels) between the landmarks after alignment and
   * the ArcFace template. A frontal face fits within a few pixels; a profile, a heavily tilted
   * face or a false detection does not.
   */
  maxAlignmentError: number;
}

/** Defaults for live matching. Calibrated on `../shared/faces` (see docs/recognition.md). */
export const DEFAULT_QUALITY: QualityOptions = {
  minFaceSize: 32,
  minScore: 0.6,
  maxAlignmentError: 12,
};

export interface QualityReport {
  ok: boolean;
  reasons: QualityReason[];
  /** min(box width, height) in frame pixels */
  faceSize: number;
  /** RMS landmark misfit after alignment, template pixels */
  alignmentError: number;
}

/** RMS distance between the aligned landmarks and the template. */
export function alignmentError(det: Detection): number {
  const m = alignmentTransform(det.landmarks);
  let sum = 0;
  for (let i = 0; i < 5; i++) {
    const [x, y] = applySimilarity(m, det.landmarks[i]);
    sum += (x - ARCFACE_TEMPLATE[i][0]) ** 2 + (y - ARCFACE_TEMPLATE[i][1]) ** 2;
  }
  return Math.sqrt(sum / 5);
}

/** Checks one detection against the quality gates; every failed gate is listed with its reason code. */
export function assessQuality(det: Detection, frameWidth: number, frameHeight: number, opts: QualityOptions = DEFAULT_QUALITY): QualityReport {
  const reasons: QualityReason[] = [];
  const faceSize = Math.min(det.box.width, det.box.height);
  if (faceSize < opts.minFaceSize) reasons.push("face_too_small");
  if (det.score < opts.minScore) reasons.push("low_score");
  const outside = det.landmarks.some(([x, y]) => !(x >= 0 && y >= 0 && x < frameWidth && y < frameHeight));
  if (outside) reasons.push("landmarks_outside_frame");
  const err = alignmentError(det);
  if (!(err <= opts.maxAlignmentError)) reasons.push("extreme_pose");
  return { ok: reasons.length === 0, reasons, faceSize, alignmentError: err };
}
