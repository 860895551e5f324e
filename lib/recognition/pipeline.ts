import { alignmentTransform, flipFaceTensorInPlace, warpFaceToTensor } from "./align";
import { DEFAULT_DETECTOR_OPTIONS, FaceDetector, type DetectorOptions, type DetectResult } from "./detect";
import { FaceEmbedder, MOBILEFACENET_FORMAT } from "./embed";
import type { EmbeddingModelSpec } from "./embedding-models";
import type { Matcher, MatchCandidate } from "./match";
import type { ModelId } from "./models";
import { createSession, startRuntime, type RuntimeOptions } from "./ort-runtime";
import { DEFAULT_QUALITY, assessQuality, type QualityOptions, type QualityReport } from "./quality";
import type { Backend, BackendPreference, Detection, RgbaFrame, StageTimings } from "./types";
import { refineLandmarks } from "./refine-landmarks";
import { verifyModelBytes } from "./verify-model";

export type ModelBytes = Record<ModelId, ArrayBuffer | Uint8Array>;

export interface RecognizerOptions extends RuntimeOptions {
  backend?: BackendPreference;
  detector?: Partial<DetectorOptions>;
  quality?: Partial<QualityOptions>;
  /** Check every model against the manifest's SHA-256 before use (default true). */
  verify?: boolean;
  /** Faces per embedding batch (default 8). */
  maxBatch?: number;
  /**
   * The embedding model in `models.mobilefacenet`, when it is not MobileFaceNet: an entry of
   * lib/recognition/embedding-models.json. Its bytes are checked against the entry's size and
   * SHA-256, and faces are aligned, ordered and normalised as it says.
   */
  embeddingModel?: EmbeddingModelSpec;
}

export interface RecognizedFace extends Detection {
  quality: QualityReport;
  /** Unit 128-d embedding; null when the face failed a quality gate (it is then never matched). */
  embedding: Float32Array | null;
  /** Watchlist entry at or above the threshold, else null (open set). */
  match: MatchCandidate | null;
  /** Nearest entry's score, for diagnostics only; null without a gallery or embedding. */
  bestScore: number | null;
}

export interface FrameRecognition {
  width: number;
  height: number;
  detectorInput: { width: number; height: number };
  /**
   * How the embedded faces' landmarks were brought to full precision after a small detector input:
   * detected again in a region around each face, or in the whole frame; null when not needed.
   */
  landmarksRefined: "region" | "frame" | null;
  faces: RecognizedFace[];
  timings: StageTimings;
}

export interface RecognizeOptions {
  matcher?: Matcher | null;
  threshold?: number;
  quality?: Partial<QualityOptions>;
  detector?: Partial<DetectorOptions>;
  /** Embed at most this many faces per frame, largest first (default 16); the rest get no embedding. */
  maxFaces?: number;
  /**
   * Which faces (that passed the quality gates) to embed this frame, e.g. the tracker's
   * `embeddingWanted`: the others keep `embedding: null` and are not matched. Default: all.
   * `coarse` when the faces come from a small detector input and the answer only decides whether
   * to refine their landmarks at full precision (the filter is asked again after that).
   */
  embedFilter?: (faces: readonly RecognizedFace[], stage: { coarse: boolean }) => readonly boolean[];
  /**
   * When the detection ran below this long side and a face is to be embedded, detect again at this
   * size first, so embeddings always come from full-precision landmarks (the small input only saves
   * work on frames that embed nothing).
   */
  refineSide?: number;
}

const now = () => performance.now();

/**
 * Detector + quality gates + alignment + embedder (+ matching when given a matcher). The same
 * class runs in the browser worker and in Node; it only needs the model bytes.
 */
export class FaceRecognizer {
  private constructor(
    readonly detector: FaceDetector,
    readonly embedder: FaceEmbedder,
    readonly backend: Backend,
    readonly numThreads: number,
    /** Why this back end: the probe result, the fallback reason or the auto timing. */
    readonly backendReason: string | undefined,
    readonly quality: QualityOptions,
  ) {}

  /**
   * Creates the sessions and picks the back end. `wasm`: WASM only. `webgpu`: WebGPU when any
   * adapter exists (software included), else WASM. `auto`: when a hardware WebGPU adapter exists
   * both back ends are built and timed on one warm frame, and the faster is kept (small models
   * are not always faster on a GPU); otherwise WASM. `backendReason` says what happened.
   */
  static async create(models: ModelBytes, opts: RecognizerOptions = {}): Promise<FaceRecognizer> {
    const embedding = opts.embeddingModel;
    if (opts.verify !== false) {
      for (const id of Object.keys(models) as ModelId[]) await verifyModelBytes(id, models[id], embedding);
    }
    const format = embedding ?? MOBILEFACENET_FORMAT;
    const pref = opts.backend ?? "auto";
    // Configures the runtime, probes WebGPU, picks the WASM build and starts it (already under
    // way when the worker began a load: lib/recognition/worker/handler.ts).
    const { numThreads, webgpu } = await startRuntime(opts);
    const quality = { ...DEFAULT_QUALITY, ...opts.quality };
    const build = async (backend: Backend) => {
      // The fixed 640x640 detector serves square frames only: created on the first one.
      const fixed = () => createSession(models.yunet, backend);
      const dynamic = await createSession(models["yunet-dynamic"], backend);
      const embed = await createSession(models.mobilefacenet, backend);
      const detector = new FaceDetector(fixed, dynamic, { ...DEFAULT_DETECTOR_OPTIONS, ...opts.detector });
      return (reason: string | undefined) =>
        new FaceRecognizer(detector, new FaceEmbedder(embed, opts.maxBatch ?? 8, format), backend, numThreads, reason, quality);
    };

    let gpu: FaceRecognizer | null = null;
    let reason: string | undefined;
    if (webgpu?.available) {
      try {
        gpu = (await build("webgpu"))(`WebGPU (${webgpu.adapter})`);
      } catch (e) {
        reason = `WebGPU session failed: ${(e as Error).message}`;
      }
    } else if (webgpu) {
      reason = webgpu.reason;
    }
    if (gpu && pref === "webgpu") return gpu;
    const makeWasm = await build("wasm");
    if (!gpu) return makeWasm(pref === "wasm" ? "WASM requested" : `WASM (${reason})`);

    const wasm = makeWasm(undefined);
    const gpuMs = await gpu.timeOneFrame();
    const wasmMs = await wasm.timeOneFrame();
    const keep = gpuMs <= wasmMs ? gpu : wasm;
    await (keep === gpu ? wasm : gpu).dispose();
    const summary = `auto: WebGPU ${gpuMs.toFixed(1)} ms vs WASM ${wasmMs.toFixed(1)} ms per frame`;
    return new FaceRecognizer(keep.detector, keep.embedder, keep.backend, numThreads, summary, quality);
  }

  /** Warm-up, then the time of one detection (1280x720) plus one embedding. */
  private async timeOneFrame(): Promise<number> {
    await this.warmUp();
    const frame: RgbaFrame = { width: 1280, height: 720, data: new Uint8ClampedArray(1280 * 720 * 4) };
    let best = Infinity;
    for (let i = 0; i < 2; i++) {
      const t0 = now();
      await this.detector.detect(frame);
      await this.embedder.embedStaged(1);
      best = Math.min(best, now() - t0);
    }
    return best;
  }

  /** Length of the embeddings this recognizer produces. */
  get embeddingDim(): number {
    return this.embedder.format.dimension;
  }

  detect(frame: RgbaFrame, opts?: Partial<DetectorOptions>): Promise<DetectResult> {
    return this.detector.detect(frame, opts);
  }

  /**
   * Aligns and embeds the given faces of a frame; returns packed unit vectors (n x 128). With
   * `flip`, each aligned crop is mirrored left-right before embedding (test-time augmentation:
   * the caller averages the two embeddings; docs/recognition.md says what it measured).
   */
  async embedFaces(
    frame: RgbaFrame,
    faces: readonly Detection[],
    opts: { flip?: boolean } = {},
  ): Promise<{ embeddings: Float32Array; alignMs: number; embedMs: number }> {
    const { format, faceLength } = this.embedder;
    const dim = format.dimension;
    const embeddings = new Float32Array(faces.length * dim);
    let alignMs = 0;
    let embedMs = 0;
    const batch = this.embedder.maxBatch;
    for (let start = 0; start < faces.length; start += batch) {
      const count = Math.min(batch, faces.length - start);
      const t0 = now();
      for (let i = 0; i < count; i++) {
        const toTemplate = alignmentTransform(faces[start + i].landmarks, format.inputSize, format.alignment);
        warpFaceToTensor(frame, toTemplate, this.embedder.input, i * faceLength, format);
        if (opts.flip) flipFaceTensorInPlace(this.embedder.input, i * faceLength, format.inputSize);
      }
      const t1 = now();
      const out = await this.embedder.embedStaged(count);
      embeddings.set(out, start * dim);
      embedMs += now() - t1;
      alignMs += t1 - t0;
    }
    return { embeddings, alignMs, embedMs };
  }

  /** One frame through the whole pipeline. */
  async recognize(frame: RgbaFrame, opts: RecognizeOptions = {}): Promise<FrameRecognition> {
    const t0 = now();
    const gates = { ...this.quality, ...opts.quality };
    const detectFaces = async (detector: Partial<DetectorOptions> | undefined) => {
      const det = await this.detector.detect(frame, detector);
      const faces: RecognizedFace[] = det.detections.map((d) => ({
        ...d,
        quality: assessQuality(d, frame.width, frame.height, gates),
        embedding: null,
        match: null,
        bestScore: null,
      }));
      const coarse = !!opts.refineSide && Math.max(det.input.width, det.input.height) < opts.refineSide;
      return { det, faces, wanted: opts.embedFilter?.(faces, { coarse }) };
    };
    let { det, faces, wanted } = await detectFaces(opts.detector);
    const refineSide = opts.refineSide;
    let landmarksRefined: FrameRecognition["landmarksRefined"] = null;
    const toRefine = faces.filter((f, i) => f.quality.ok && (!wanted || wanted[i]));
    if (refineSide && Math.max(det.input.width, det.input.height) < refineSide && toRefine.length > 0) {
      // A face is to be embedded: its landmarks come from a detection at the full input's scale
      // (alignment precision), in a region around each face when that is cheaper (refine-landmarks.ts).
      const coarse = det.timings;
      const add = (t: DetectResult["timings"]) => ({
        preprocess: coarse.preprocess + t.preprocess,
        detect: coarse.detect + t.detect,
        decode: coarse.decode + t.decode,
      });
      const refined = await refineLandmarks((f, o) => this.detector.detect(f, o), frame, toRefine, refineSide, opts.detector);
      if (refined) {
        toRefine.forEach((f, k) => {
          const d = refined.detections[k];
          Object.assign(f, { box: d.box, landmarks: d.landmarks, score: d.score, quality: assessQuality(d, frame.width, frame.height, gates) });
        });
        det = { ...det, timings: add(refined.timings) };
        // Asked again with the full-precision quality, as the whole-frame path does: the small
        // input's scores and landmarks make frames look better than the track's best more often.
        wanted = opts.embedFilter?.(faces, { coarse: false });
        landmarksRefined = "region";
      } else {
        ({ det, faces, wanted } = await detectFaces({ ...opts.detector, maxSide: refineSide }));
        det = { ...det, timings: add(det.timings) };
        landmarksRefined = "frame";
      }
    }
    const maxFaces = opts.maxFaces ?? 16;
    const toEmbed = faces
      .filter((f, i) => f.quality.ok && (!wanted || wanted[i]))
      .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
      .slice(0, maxFaces);
    let alignMs = 0;
    let embedMs = 0;
    let matchMs = 0;
    if (toEmbed.length > 0) {
      const e = await this.embedFaces(frame, toEmbed);
      alignMs = e.alignMs;
      embedMs = e.embedMs;
      toEmbed.forEach((f, i) => {
        f.embedding = e.embeddings.slice(i * this.embeddingDim, (i + 1) * this.embeddingDim);
      });
      if (opts.matcher && opts.matcher.size > 0) {
        if (opts.threshold === undefined) throw new Error("recognize: a matcher needs a threshold");
        const t = now();
        const results = opts.matcher.match(e.embeddings, opts.threshold, { topK: 1 });
        matchMs = now() - t;
        toEmbed.forEach((f, i) => {
          f.match = results[i].match;
          f.bestScore = results[i].best?.score ?? null;
        });
      }
    }
    const total = now() - t0;
    return {
      width: frame.width,
      height: frame.height,
      detectorInput: { width: det.input.width, height: det.input.height },
      landmarksRefined,
      faces,
      timings: { ...det.timings, align: alignMs, embed: embedMs, match: matchMs, total },
    };
  }

  /**
   * Runs the detector at the camera's frame size and the embedder once, so the first real frame is
   * not slow. The fixed 640x640 detector is warmed (and created) only for a square frame size: a
   * 16:9 camera never uses it.
   */
  async warmUp(frameWidth = 1280, frameHeight = 720): Promise<number> {
    const t0 = now();
    const blank = (w: number, h: number): RgbaFrame => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
    await this.detector.detect(blank(frameWidth, frameHeight));
    await this.embedder.embedStaged(1);
    return now() - t0;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.detector.dispose(), this.embedder.dispose()]);
  }
}
