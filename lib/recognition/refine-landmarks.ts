import type { DetectResult, DetectorOptions } from "./detect";
import { DETECTOR_DIVISOR, chooseDetectorInput } from "./letterbox";
import { iou } from "./nms";
import type { Box, Detection, RgbaFrame } from "./types";

/**
 * Full-precision landmarks for the faces a frame will embed, without a second full-frame detection.
 *
 * The frame policy detects large faces at a small input; before a face is embedded its landmarks
 * must come from a detection at the full input's scale (alignment precision). Instead of running the
 * detector again on the whole frame, each face is detected again in a region around it, cut from
 * the frame and fed at the *same* scale the full-size input would use (so the landmarks have the
 * same precision). A 200-pixel face in a 1280x720 frame needs a 224x224 input instead of 640x384:
 * about a fifth of the pixels. When the regions would cost more than the whole frame, or a region
 * does not find its face again, the caller falls back to the full-frame detection.
 */

/** Context around the face on each side, as a fraction of the face's longer side (YuNet needs some). */
export const REFINE_MARGIN = 0.6;
/** Smallest IoU between the coarse box and the box found again in the region. */
export const REFINE_MIN_IOU = 0.4;

export interface RefineRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Detector long side for the region (a multiple of 32): the full input's scale, rounded up. */
  side: number;
}

type Detect = (frame: RgbaFrame, opts: Partial<DetectorOptions>) => Promise<DetectResult>;

/**
 * The region to detect `box` again in, at `scale` detector pixels per frame pixel. Its corners sit
 * on the full-frame input's coarsest grid (32 detector pixels), so the detector sees exactly the
 * pixels, at exactly the positions and scale, that a full-frame detection would: the landmarks come
 * out the same. It may run past the right and bottom of the frame (filled with zeros, as the
 * full-frame letterbox pads there).
 */
export function refineRegion(frameWidth: number, frameHeight: number, box: Box, scale: number, margin = REFINE_MARGIN): RefineRegion {
  const grid = DETECTOR_DIVISOR / scale;
  const pad = Math.max(box.width, box.height) * margin;
  const snapDown = (v: number) => Math.max(0, Math.floor(v / grid - 1e-9) * grid);
  const snapUp = (v: number, limit: number) => Math.min(limit, Math.ceil(v / grid - 1e-9) * grid);
  // Square where the frame allows: fewer distinct input shapes, so the dynamic model's per-shape
  // first-run cost is paid for a handful of sizes only.
  const limitX = Math.ceil(frameWidth / grid - 1e-9) * grid;
  const limitY = Math.ceil(frameHeight / grid - 1e-9) * grid;
  let x = snapDown(box.x - pad);
  let y = snapDown(box.y - pad);
  const edge = Math.max(grid, snapUp(box.x + box.width + pad, limitX) - x, snapUp(box.y + box.height + pad, limitY) - y);
  const width = Math.min(edge, limitX);
  const height = Math.min(edge, limitY);
  x = Math.max(0, Math.min(x, limitX - width));
  y = Math.max(0, Math.min(y, limitY - height));
  const side = Math.round((Math.max(width, height) * scale) / DETECTOR_DIVISOR) * DETECTOR_DIVISOR;
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height), side };
}

/** A copy of a rectangle of the frame; pixels outside the frame are zero. */
export function cropFrame(frame: RgbaFrame, r: { x: number; y: number; width: number; height: number }): RgbaFrame {
  const data = new Uint8ClampedArray(r.width * r.height * 4);
  const cols = Math.max(0, Math.min(r.width, frame.width - r.x));
  const rows = Math.max(0, Math.min(r.height, frame.height - r.y));
  for (let row = 0; row < rows; row++) {
    const from = ((r.y + row) * frame.width + r.x) * 4;
    data.set(frame.data.subarray(from, from + cols * 4), row * r.width * 4);
  }
  return { width: r.width, height: r.height, data };
}

/** Input pixels of a detector run at long side `side` over a w x h image (the input letterbox.ts chooses). */
function inputPixels(width: number, height: number, side: number): number {
  const input = chooseDetectorInput(width, height, side);
  return input.width * input.height;
}

export interface RefinedLandmarks {
  /** The faces found again, in the order given, in frame coordinates. */
  detections: Detection[];
  timings: DetectResult["timings"];
  /** Detector input pixels spent (all regions). */
  pixels: number;
}

/**
 * Detects each face again in its region at `fullSide`'s scale. Returns null when that would cost
 * more than one full-frame detection or when any face is not found again (then the caller detects
 * the whole frame at `fullSide`, as before).
 */
export async function refineLandmarks(
  detect: Detect,
  frame: RgbaFrame,
  faces: readonly Detection[],
  fullSide: number,
  detector: Partial<DetectorOptions> = {},
): Promise<RefinedLandmarks | null> {
  const scale = fullSide / Math.max(frame.width, frame.height);
  const regions = faces.map((f) => refineRegion(frame.width, frame.height, f.box, scale));
  const pixels = regions.reduce((n, r) => n + inputPixels(r.width, r.height, r.side), 0);
  if (faces.length === 0 || pixels >= inputPixels(frame.width, frame.height, fullSide)) return null;
  const timings = { preprocess: 0, detect: 0, decode: 0 };
  const detections: Detection[] = [];
  for (let i = 0; i < faces.length; i++) {
    const r = regions[i];
    const t0 = performance.now();
    const crop = cropFrame(frame, r);
    timings.preprocess += performance.now() - t0;
    const res = await detect(crop, { ...detector, maxSide: r.side });
    timings.preprocess += res.timings.preprocess;
    timings.detect += res.timings.detect;
    timings.decode += res.timings.decode;
    const coarse = faces[i].box;
    let best: Detection | null = null;
    let bestIou = REFINE_MIN_IOU;
    for (const d of res.detections) {
      const moved: Detection = {
        score: d.score,
        box: { x: d.box.x + r.x, y: d.box.y + r.y, width: d.box.width, height: d.box.height },
        landmarks: d.landmarks.map(([x, y]) => [x + r.x, y + r.y]) as Detection["landmarks"],
      };
      const o = iou(moved.box, coarse);
      if (o >= bestIou) {
        best = moved;
        bestIou = o;
      }
    }
    if (!best) return null;
    detections.push(best);
  }
  return { detections, timings, pixels };
}
