import type { Detection, Landmarks } from "./types";

export const YUNET_STRIDES = [8, 16, 32] as const;

/** Raw YuNet outputs by name (`cls_8`, `obj_8`, `bbox_8`, `kps_8`, ... for strides 8/16/32). */
export type YunetOutputs = Record<string, ArrayLike<number>>;

/**
 * Decodes YuNet outputs into detections in DETECTOR INPUT pixels (before NMS), following OpenCV
 * `FaceDetectorYNImpl::postProcess`: for each stride s and grid cell (row r, col c),
 * score = sqrt(clamp(cls) * clamp(obj)); box centre ((c + bbox0) * s, (r + bbox1) * s), size
 * (exp(bbox2) * s, exp(bbox3) * s); landmark k = ((kps[2k] + c) * s, (kps[2k+1] + r) * s).
 * Only cells with score >= `scoreThreshold` are decoded.
 */
export function decodeYunet(outputs: YunetOutputs, inputWidth: number, inputHeight: number, scoreThreshold: number): Detection[] {
  const dets: Detection[] = [];
  for (const stride of YUNET_STRIDES) {
    const cols = Math.floor(inputWidth / stride);
    const rows = Math.floor(inputHeight / stride);
    const cls = outputs[`cls_${stride}`];
    const obj = outputs[`obj_${stride}`];
    const bbox = outputs[`bbox_${stride}`];
    const kps = outputs[`kps_${stride}`];
    if (!cls || !obj || !bbox || !kps) throw new Error(`YuNet output for stride ${stride} is missing`);
    const n = rows * cols;
    if (cls.length < n || obj.length < n || bbox.length < n * 4 || kps.length < n * 10) {
      throw new Error(`YuNet output for stride ${stride} is shorter than ${rows}x${cols} cells`);
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const idx = r * cols + c;
        const clsScore = Math.min(1, Math.max(0, cls[idx]));
        const objScore = Math.min(1, Math.max(0, obj[idx]));
        const score = Math.sqrt(clsScore * objScore);
        if (!(score >= scoreThreshold)) continue;
        const cx = (c + bbox[idx * 4]) * stride;
        const cy = (r + bbox[idx * 4 + 1]) * stride;
        const w = Math.exp(bbox[idx * 4 + 2]) * stride;
        const h = Math.exp(bbox[idx * 4 + 3]) * stride;
        const lm = [] as unknown as Landmarks;
        for (let k = 0; k < 5; k++) {
          lm.push([(kps[idx * 10 + 2 * k] + c) * stride, (kps[idx * 10 + 2 * k + 1] + r) * stride]);
        }
        dets.push({ box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, landmarks: lm, score });
      }
    }
  }
  return dets;
}

/** Maps a detection from detector input pixels back to frame pixels (top-left letterbox, uniform scale). */
export function scaleDetection(det: Detection, scale: number): Detection {
  const inv = 1 / scale;
  return {
    box: { x: det.box.x * inv, y: det.box.y * inv, width: det.box.width * inv, height: det.box.height * inv },
    landmarks: det.landmarks.map(([x, y]) => [x * inv, y * inv]) as Landmarks,
    score: det.score,
  };
}
