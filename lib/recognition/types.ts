/**
 * Shared types of the recognition pipeline. Plain data only, so every value here can be
 * posted between a worker and the page (structured clone) and used the same in Node.
 */

/** An RGBA image, row-major, 4 bytes per pixel (what `getImageData` returns). */
export interface RgbaFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

/** Axis-aligned box in frame pixels (top-left corner, width, height). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A landmark point in frame pixels. */
export type Point = [x: number, y: number];

/**
 * The five YuNet landmarks in this order (subject's right eye first, so it appears on the
 * viewer's left): right eye, left eye, nose tip, right mouth corner, left mouth corner.
 * This is the order of the ArcFace template in `align.ts`.
 */
export type Landmarks = [Point, Point, Point, Point, Point];

/** One face found by the detector, in frame coordinates. */
export interface Detection {
  box: Box;
  landmarks: Landmarks;
  /** Detector confidence, sqrt(cls * obj), 0..1. */
  score: number;
}

/** Execution back end actually in use by ONNX Runtime. */
export type Backend = "webgpu" | "wasm";

/** What the caller would like; `auto` tries WebGPU and falls back to WASM. */
export type BackendPreference = "auto" | "webgpu" | "wasm";

/** Milliseconds spent in each stage of one frame. */
export interface StageTimings {
  /** Letterbox + colour conversion into the detector tensor. */
  preprocess: number;
  /** Detector inference. */
  detect: number;
  /** Decoding of the detector outputs and NMS. */
  decode: number;
  /** Similarity transform + warp of every accepted face. */
  align: number;
  /** Embedding inference (all faces in one batch). */
  embed: number;
  /** Watchlist search for every face. */
  match: number;
  /** Whole frame, including the above. */
  total: number;
}
