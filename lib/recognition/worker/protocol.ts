/**
 * Messages between the page (RecognitionClient) and the recognition worker. Both directions are
 * plain, structured-clonable objects discriminated by `type`. Image buffers travel as
 * transferables (never copied); every failure comes back as an `error` message.
 */
import type { DetectorOptions } from "../detect";
import type { DuplicateHit, EnrolOptions, EnrolRejectionReason } from "../enrol";
import type { MatcherKind } from "../match";
import type { ModelId } from "../models";
import type { QualityOptions, QualityReason } from "../quality";
import type { FramePolicyOptions } from "../frame-policy";
import type { TrackerEvent, TrackerOptions } from "../tracker";
import type { Backend, BackendPreference, Box, Landmarks, StageTimings } from "../types";

// ---------------------------------------------------------------------------------------------
// Images

/** A frame or photo handed to the worker. Transfer `bitmap`, `frame` or `data`/`bytes`. */
export type FrameImage =
  | { kind: "bitmap"; bitmap: ImageBitmap }
  | { kind: "videoFrame"; frame: VideoFrame }
  | { kind: "rgba"; width: number; height: number; data: ArrayBuffer }
  /** An encoded JPEG/PNG file (enrolment uploads); decoded in the worker with EXIF orientation applied. */
  | { kind: "encoded"; bytes: ArrayBuffer; mimeType?: string };

/** The watchlist in matching form (see lib/recognition/gallery.ts). `vectors` is n x dim, row-normalised. */
export interface FloatGalleryPayload {
  ids: string[];
  subjectIds?: string[];
  vectors: Float32Array;
  dim?: number;
}

/**
 * The watchlist as the frozen snapshot packs it (lib/recognition/gallery.ts PackedGallery): int8
 * rows and a 16-byte entry UUID per row, 144 bytes a face instead of 512 plus an id string. The
 * worker copies the rows into the int8 matcher as they are.
 */
export interface PackedGalleryPayload {
  encoding: "int8";
  dim: number;
  rowCount: number;
  rows: Int8Array;
  rowIds: Uint8Array;
}

export type GalleryPayload = FloatGalleryPayload | PackedGalleryPayload;

export function isPackedGalleryPayload(p: GalleryPayload): p is PackedGalleryPayload {
  return (p as PackedGalleryPayload).encoding === "int8";
}

/** How many faces (rows) a gallery payload holds. */
export function galleryPayloadSize(p: GalleryPayload): number {
  return isPackedGalleryPayload(p) ? p.rowCount : p.ids.length;
}

// ---------------------------------------------------------------------------------------------
// Page -> worker

export interface LoadMessage {
  type: "load";
  /** Model URLs by id (see `defaultModelUrls()` in lib/recognition/models.ts). */
  models: Record<ModelId, string>;
  backend: BackendPreference;
  /** Where ORT's .wasm/.mjs files are served; default `/ort/`. */
  wasmPaths?: string;
  numThreads?: number;
  /** Open-set match threshold (validated 0.2..0.95). */
  threshold: number;
  gallery?: GalleryPayload;
  detector?: Partial<DetectorOptions>;
  quality?: Partial<QualityOptions>;
  tracker?: Partial<TrackerOptions>;
  /** Lower detector resolution for large faces and fewer embeddings per track (default on); `false` turns it off. */
  framePolicy?: Partial<FramePolicyOptions> | false;
}

/**
 * Sent by a page as it starts the worker, before it knows what it will load: the worker starts its
 * runtime and fetches these models at once, so a `load` that follows with the same runtime options
 * finds them under way. No reply; a failure is reported by the `load`.
 */
export interface PrepareMessage {
  type: "prepare";
  models?: Record<ModelId, string>;
  backend: BackendPreference;
  wasmPaths?: string;
  numThreads?: number;
}

/** The runtime options of a `prepare` or `load`: a prepared worker serves a load only when they are equal. */
export const runtimeOptions = (m: Pick<PrepareMessage, "backend" | "numThreads" | "wasmPaths">) => ({
  backend: m.backend,
  numThreads: m.numThreads,
  wasmPaths: m.wasmPaths ?? "/ort/",
});

export const sameRuntimeOptions = (
  a: Pick<PrepareMessage, "backend" | "numThreads" | "wasmPaths">,
  b: Pick<PrepareMessage, "backend" | "numThreads" | "wasmPaths">,
) => JSON.stringify(runtimeOptions(a)) === JSON.stringify(runtimeOptions(b));

export interface FrameMessage {
  type: "frame";
  frameId: number;
  /** ms, monotonic; used by the tracker to expire tracks. */
  timestamp: number;
  image: FrameImage;
  /** Include each face's embedding in the result (default false). */
  returnEmbeddings?: boolean;
}

export interface SetGalleryMessage {
  type: "setGallery";
  requestId: number;
  gallery: GalleryPayload;
  threshold?: number;
}

export interface EnrolMessage {
  type: "enrol";
  requestId: number;
  image: FrameImage;
  options?: EnrolOptions;
  /** Subject being enrolled: entries of OTHER subjects scoring above the duplicate threshold are returned. */
  subjectId?: string;
  duplicateThreshold?: number;
}

/** Runs the pipeline `runs` times on one image and reports median stage timings (in-browser benchmark). */
export interface BenchMessage {
  type: "bench";
  requestId: number;
  image: FrameImage;
  runs?: number;
  /** Also time matching against random galleries of these sizes. */
  matchSizes?: number[];
}

export interface DisposeMessage {
  type: "dispose";
}

export type WorkerRequest = PrepareMessage | LoadMessage | FrameMessage | SetGalleryMessage | EnrolMessage | BenchMessage | DisposeMessage;

// ---------------------------------------------------------------------------------------------
// Worker -> page

export interface ProgressMessage {
  type: "progress";
  model: ModelId;
  loaded: number;
  /** 0 when the server sends no Content-Length. */
  total: number;
}

export interface ReadyMessage {
  type: "ready";
  backend: Backend;
  /** Why this back end (WebGPU probe result, fallback reason, or the auto-selection timing). */
  backendReason?: string;
  numThreads: number;
  matcher: MatcherKind;
  gallerySize: number;
  threshold: number;
  loadMs: number;
  warmupMs: number;
  /** Of loadMs: fetching (or reading from the cache) and checking the models' bytes. */
  fetchMs: number;
  /** Of loadMs: starting the ONNX runtime (its WASM) and creating the sessions. */
  createMs: number;
  /** The page's `prepare` had started the runtime and the model downloads before this load. */
  prepared?: boolean;
}

export interface FaceReport {
  box: Box;
  landmarks: Landmarks;
  /** Detector score */
  score: number;
  quality: { ok: boolean; reasons: QualityReason[]; faceSize: number };
  trackId: number;
  /** Watchlist match at or above the threshold, else null. */
  match: { id: string; score: number } | null;
  /** Nearest entry's score (diagnostics only, never an identification). */
  bestScore: number | null;
  embedding?: Float32Array;
}

export interface ResultMessage {
  type: "result";
  frameId: number;
  timestamp: number;
  width: number;
  height: number;
  detectorInput: { width: number; height: number };
  faces: FaceReport[];
  /** Tracker events of this frame: at most one `match` per track, `track-ended` when a track expires. */
  events: TrackerEvent[];
  /** Per-stage ms; `decode` of the image into RGBA is `imageDecode`. */
  timings: StageTimings & { imageDecode: number };
  /** Threads the watchlist search uses now (a large gallery's scan is shared with helper threads). */
  matchThreads: number;
}

export interface DroppedMessage {
  type: "dropped";
  frameId: number;
  reason: "busy";
}

export interface GalleryReadyMessage {
  type: "galleryReady";
  requestId: number;
  size: number;
  matcher: MatcherKind;
  threshold: number;
  buildMs: number;
}

export interface EnrolledMessage {
  type: "enrolled";
  requestId: number;
  /** Unit 128-d embedding (transferred). */
  embedding: Float32Array;
  face: { box: Box; landmarks: Landmarks; score: number; faceSize: number };
  facesDetected: number;
  duplicates: DuplicateHit[];
}

export interface EnrolRejectedMessage {
  type: "enrolRejected";
  requestId: number;
  reason: EnrolRejectionReason;
  detail: string;
  facesDetected: number;
}

export interface BenchResultMessage {
  type: "benchResult";
  requestId: number;
  backend: Backend;
  numThreads: number;
  runs: number;
  faces: number;
  /** Median of each stage over the runs. */
  median: StageTimings;
  /** Median ms per probe, by gallery size. */
  matchMs: Record<string, number>;
}

export type WorkerErrorCode = "not_ready" | "load_failed" | "model_integrity" | "bad_request" | "image_decode" | "internal";

export interface ErrorMessage {
  type: "error";
  /** The request that failed. */
  op: WorkerRequest["type"] | "unknown";
  code: WorkerErrorCode;
  message: string;
  requestId?: number;
  frameId?: number;
  /** The worker cannot process frames until the next successful `load`. */
  fatal: boolean;
}

export interface DisposedMessage {
  type: "disposed";
}

export type WorkerResponse =
  | ProgressMessage
  | ReadyMessage
  | ResultMessage
  | DroppedMessage
  | GalleryReadyMessage
  | EnrolledMessage
  | EnrolRejectedMessage
  | BenchResultMessage
  | ErrorMessage
  | DisposedMessage;

/** Buffers to transfer with a request so the image is moved, not copied. */
export function transferablesOf(image: FrameImage): Transferable[] {
  switch (image.kind) {
    case "bitmap":
      return [image.bitmap];
    case "videoFrame":
      return [image.frame as unknown as Transferable];
    case "rgba":
      return [image.data];
    case "encoded":
      return [image.bytes];
  }
}
