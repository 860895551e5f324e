/**
 * The recognition worker's logic as a plain object with injected I/O, so it runs (and is tested)
 * in Node without a real Worker. `recognition.worker.ts` only wires it to `self`.
 *
 * Rules: models load once (lazy singleton per `load`), warm up before `ready`; a frame that
 * arrives while anything is in progress is answered `dropped` (never queued); other requests
 * run one at a time in arrival order; every failure is answered with an `error` message.
 */
import { benchFrame, benchMatching } from "../benchmark";
import { enrolFromFrame, findDuplicates } from "../enrol";
import { assertGallery, emptyGallery, type Gallery } from "../gallery";
import { createMatcher, createPackedMatcher, type Matcher, type PackedMatcherOptions } from "../match";
import { EMBEDDING_DIM, MODEL_IDS, type ModelId } from "../models";
import { FaceRecognizer, type ModelBytes, type RecognizedFace, type RecognizerOptions } from "../pipeline";
import { FramePolicy } from "../frame-policy";
import { FaceTracker } from "../tracker";
import { DEFAULT_DUPLICATE_THRESHOLD, validateMatchThreshold } from "../thresholds";
import type { RgbaFrame } from "../types";
import { ModelIntegrityError } from "../verify-model";
import { isPackedGalleryPayload, runtimeOptions } from "./protocol";
import type {
  ErrorMessage,
  FaceReport,
  FloatGalleryPayload,
  FrameImage,
  GalleryPayload,
  LoadMessage,
  PrepareMessage,
  WorkerErrorCode,
  WorkerRequest,
  WorkerResponse,
} from "./protocol";

export interface HandlerDeps {
  post(message: WorkerResponse, transfer?: Transferable[]): void;
  /** Fetches a model's bytes, reporting progress. */
  fetchModel(url: string, onProgress: (loaded: number, total: number) => void): Promise<ArrayBuffer>;
  /** Turns a transferred image into RGBA pixels (and releases bitmaps / video frames). */
  decodeImage(image: FrameImage): Promise<RgbaFrame>;
  createRecognizer?(models: ModelBytes, opts: RecognizerOptions): Promise<FaceRecognizer>;
  /** Helper threads for a large watchlist's scan (lib/recognition/parallel-scan.ts); none by default. */
  scanHelpers?: PackedMatcherOptions["scanHelpers"];
  /**
   * Starts the ONNX runtime ahead of the sessions (`startRuntime` in lib/recognition/ort-runtime.ts),
   * so it starts while the models download; without it the runtime starts when the recognizer is created.
   */
  startRuntime?(opts: Pick<RecognizerOptions, "backend" | "numThreads" | "wasmPaths">): Promise<unknown>;
}

export interface RecognitionHandler {
  handle(message: WorkerRequest): Promise<void>;
  readonly state: "idle" | "loading" | "ready" | "failed" | "disposed";
}

class RequestError extends Error {
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
    readonly fatal = false,
  ) {
    super(message);
  }
}

function toGallery(p: FloatGalleryPayload): Gallery {
  if (!p || !Array.isArray(p.ids) || !(p.vectors instanceof Float32Array)) {
    throw new RequestError("bad_request", "gallery must be { ids: string[], vectors: Float32Array }");
  }
  const g: Gallery = { dim: p.dim ?? EMBEDDING_DIM, ids: p.ids, subjectIds: p.subjectIds, vectors: p.vectors };
  try {
    assertGallery(g);
  } catch (e) {
    throw new RequestError("bad_request", (e as Error).message);
  }
  return g;
}

/** A matcher for a gallery payload: packed int8 rows go into the int8 kernel as they are. */
function matcherFor(p: GalleryPayload | undefined, scanHelpers?: PackedMatcherOptions["scanHelpers"]): Matcher {
  if (!p) return createMatcher(emptyGallery());
  if (isPackedGalleryPayload(p)) {
    try {
      return createPackedMatcher(p, { scanHelpers });
    } catch (e) {
      throw new RequestError("bad_request", (e as Error).message);
    }
  }
  return createMatcher(toGallery(p));
}

function checkThreshold(t: unknown): number {
  const v = validateMatchThreshold(t);
  if (!v.ok) throw new RequestError("bad_request", v.error);
  return v.value;
}

const BACKENDS = new Set<unknown>(["auto", "webgpu", "wasm"]);

export function createRecognitionHandler(deps: HandlerDeps): RecognitionHandler {
  let state: RecognitionHandler["state"] = "idle";
  let recognizer: FaceRecognizer | null = null;
  let matcher: Matcher = createMatcher(emptyGallery());
  let threshold = 0.45;
  /** The track's fused embedding against the watchlist in force, at the threshold in force. */
  const fusedMatch = (e: Float32Array) => (matcher.size > 0 ? (matcher.match(e, threshold, { topK: 1 })[0]?.match ?? null) : null);
  let tracker = new FaceTracker({}, fusedMatch);
  let framePolicy: FramePolicy | null = new FramePolicy();
  /** Requests accepted and not finished yet (running or waiting their turn). */
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();
  let loadMs = 0;

  const post = (m: WorkerResponse, transfer?: Transferable[]) => {
    try {
      deps.post(m, transfer);
    } catch {
      // The page is gone; nothing to tell.
    }
  };

  const fail = (msg: WorkerRequest | undefined, e: unknown) => {
    const err: ErrorMessage = {
      type: "error",
      op: (msg?.type as ErrorMessage["op"]) ?? "unknown",
      code: e instanceof RequestError ? e.code : e instanceof ModelIntegrityError ? "model_integrity" : msg?.type === "load" ? "load_failed" : "internal",
      message: e instanceof Error ? e.message : String(e),
      fatal: e instanceof RequestError ? e.fatal : msg?.type === "load",
    };
    if (msg && "requestId" in msg) err.requestId = msg.requestId;
    if (msg && msg.type === "frame") err.frameId = msg.frameId;
    post(err);
  };

  const requireReady = (): FaceRecognizer => {
    if (state === "disposed") throw new RequestError("not_ready", "the worker has been disposed");
    if (!recognizer) throw new RequestError("not_ready", state === "loading" ? "models are still loading" : "models are not loaded; send `load` first");
    return recognizer;
  };

  const releaseImage = (image: FrameImage | undefined) => {
    try {
      if (image?.kind === "bitmap") image.bitmap.close();
      else if (image?.kind === "videoFrame") image.frame.close();
    } catch {
      // already closed
    }
  };

  const decode = async (image: FrameImage): Promise<RgbaFrame> => {
    try {
      return await deps.decodeImage(image);
    } catch (e) {
      throw new RequestError("image_decode", `cannot read the image: ${(e as Error).message}`);
    } finally {
      releaseImage(image);
    }
  };

  async function load(msg: LoadMessage): Promise<void> {
    const t0 = performance.now();
    state = "loading";
    if (recognizer) {
      await recognizer.dispose().catch(() => undefined);
      recognizer = null;
    }
    threshold = checkThreshold(msg.threshold);
    if (!msg.models || MODEL_IDS.some((id) => typeof msg.models[id] !== "string")) {
      throw new RequestError("bad_request", `load needs a URL for every model: ${MODEL_IDS.join(", ")}`, true);
    }
    // The gallery is checked (and its matcher built) before any model is fetched: a bad payload
    // fails at once, and the matcher is released if loading fails after.
    const next = matcherFor(msg.gallery, deps.scanHelpers);
    const prepared = MODEL_IDS.some((id) => prefetched.has(msg.models[id]));
    let loaded: Awaited<ReturnType<typeof loadRecognizer>>;
    try {
      loaded = await loadRecognizer(msg);
    } catch (e) {
      next.dispose();
      throw e;
    } finally {
      // Downloads a prepare began for other URLs than this load's are not kept.
      prefetched.clear();
    }
    const rec = loaded.rec;
    recognizer = rec;
    matcher.dispose();
    matcher = next;
    tracker = new FaceTracker(msg.tracker, fusedMatch);
    framePolicy = msg.framePolicy === false ? null : new FramePolicy({ fullSide: msg.detector?.maxSide, ...msg.framePolicy });
    state = "ready";
    loadMs = performance.now() - t0;
    post({
      type: "ready",
      backend: rec.backend,
      backendReason: rec.backendReason,
      numThreads: rec.numThreads,
      matcher: matcher.kind,
      gallerySize: matcher.size,
      threshold,
      loadMs,
      warmupMs: loaded.warmupMs,
      fetchMs: loaded.fetchMs,
      createMs: loaded.createMs,
      prepared,
    });
  }

  /** Model fetches begun by `prepare`, by URL, until a `load` takes them. */
  const prefetched = new Map<string, Promise<ArrayBuffer>>();
  /** One model's bytes, its progress reported to the page. */
  const fetchModel = (id: ModelId, url: string) => deps.fetchModel(url, (loaded, total) => post({ type: "progress", model: id, loaded, total }));

  /**
   * Starts the runtime and the model downloads a `load` will want (no reply). Ignored once a load
   * has begun: from then on the load decides.
   */
  function prepare(msg: PrepareMessage): void {
    if (state !== "idle" || !BACKENDS.has(msg.backend)) return;
    deps.startRuntime?.(runtimeOptions(msg)).catch(() => undefined);
    for (const id of MODEL_IDS) {
      const url = msg.models?.[id];
      if (typeof url !== "string" || prefetched.has(url)) continue;
      const p = fetchModel(id, url);
      p.catch(() => undefined);
      prefetched.set(url, p);
    }
  }

  /** Fetches the models, creates the recognizer and warms it up. */
  async function loadRecognizer(msg: LoadMessage): Promise<{ rec: FaceRecognizer; warmupMs: number; fetchMs: number; createMs: number }> {
    const t0 = performance.now();
    const runtime = runtimeOptions(msg);
    // The runtime starts (fetches and compiles its WASM) while the models download; creating the
    // recognizer below waits for it. Its failure, if any, is reported there.
    deps.startRuntime?.(runtime).catch(() => undefined);
    const bytes = {} as ModelBytes;
    await Promise.all(
      MODEL_IDS.map(async (id: ModelId) => {
        const url = msg.models[id];
        // A fetch the page's `prepare` began is used once; if it failed, the model is fetched again.
        const early = prefetched.get(url);
        prefetched.delete(url);
        const fetch = () => fetchModel(id, url);
        try {
          bytes[id] = await (early ? early.catch(fetch) : fetch());
        } catch (e) {
          throw new RequestError("load_failed", `cannot fetch model ${id} from ${msg.models[id]}: ${(e as Error).message}`, true);
        }
      }),
    );
    const create = deps.createRecognizer ?? ((m: ModelBytes, o: RecognizerOptions) => FaceRecognizer.create(m, o));
    const t1 = performance.now();
    const rec = await create(bytes, {
      ...runtime,
      detector: msg.detector,
      quality: msg.quality,
    });
    const t2 = performance.now();
    try {
      return { rec, warmupMs: await rec.warmUp(), fetchMs: t1 - t0, createMs: t2 - t1 };
    } catch (e) {
      await rec.dispose().catch(() => undefined);
      throw e;
    }
  }

  async function frame(msg: Extract<WorkerRequest, { type: "frame" }>): Promise<void> {
    const rec = requireReady();
    const t0 = performance.now();
    const rgba = await decode(msg.image);
    const imageDecode = performance.now() - t0;
    const frameQuality = (f: RecognizedFace) => ({ score: f.score, faceSize: f.quality.faceSize, alignmentError: f.quality.alignmentError });
    // Less work per frame (lib/recognition/frame-policy.ts), unless the caller wants every embedding.
    const economical = !msg.returnEmbeddings && framePolicy !== null;
    const side = economical ? framePolicy!.nextDetectorSide() : undefined;
    const r = await rec.recognize(rgba, {
      matcher,
      threshold,
      detector: side ? { maxSide: side } : undefined,
      refineSide: economical ? framePolicy!.options.fullSide : undefined,
      embedFilter: economical
        ? (faces, stage) =>
            tracker.embeddingWanted(
              msg.timestamp,
              faces.map((f) => ({ box: f.box, quality: frameQuality(f) })),
              stage,
            )
        : undefined,
    });
    if (economical)
      framePolicy!.observe(
        r.width,
        r.height,
        Math.max(r.detectorInput.width, r.detectorInput.height),
        r.faces.map((f) => f.box),
      );
    const { trackIds, events } = tracker.update(
      { frameId: msg.frameId, timestamp: msg.timestamp },
      r.faces.map((f) => ({ box: f.box, embedding: f.embedding, match: f.match, quality: frameQuality(f) })),
    );
    const transfer: Transferable[] = [];
    const faces: FaceReport[] = r.faces.map((f, i) => {
      const report: FaceReport = {
        box: f.box,
        landmarks: f.landmarks,
        score: f.score,
        quality: { ok: f.quality.ok, reasons: f.quality.reasons, faceSize: f.quality.faceSize },
        trackId: trackIds[i],
        // A face not embedded this frame carries its track's fused decision (labels stay steady).
        match: f.match ? { id: f.match.id, score: f.match.score } : f.quality.ok && !f.embedding ? tracker.currentMatch(trackIds[i]) : null,
        bestScore: f.bestScore,
      };
      if (msg.returnEmbeddings && f.embedding) {
        report.embedding = f.embedding;
        transfer.push(f.embedding.buffer);
      }
      return report;
    });
    post(
      {
        type: "result",
        frameId: msg.frameId,
        timestamp: msg.timestamp,
        width: r.width,
        height: r.height,
        detectorInput: r.detectorInput,
        faces,
        events,
        timings: { ...r.timings, imageDecode, total: r.timings.total + imageDecode },
        matchThreads: matcher.threads,
      },
      transfer,
    );
  }

  async function run(msg: WorkerRequest): Promise<void> {
    switch (msg.type) {
      case "load":
        return load(msg);
      case "frame":
        return frame(msg);
      case "setGallery": {
        const t0 = performance.now();
        if (!msg.gallery) throw new RequestError("bad_request", "setGallery needs a gallery");
        if (msg.threshold !== undefined) threshold = checkThreshold(msg.threshold);
        const next = matcherFor(msg.gallery, deps.scanHelpers);
        matcher.dispose();
        matcher = next;
        post({ type: "galleryReady", requestId: msg.requestId, size: next.size, matcher: next.kind, threshold, buildMs: performance.now() - t0 });
        return;
      }
      case "enrol": {
        const rec = requireReady();
        const rgba = await decode(msg.image);
        const r = await enrolFromFrame(rec, rgba, msg.options);
        if (!r.ok) {
          post({ type: "enrolRejected", requestId: msg.requestId, reason: r.reason, detail: r.detail, facesDetected: r.facesDetected });
          return;
        }
        const duplicates =
          msg.subjectId !== undefined ? findDuplicates(matcher.gallery, r.embedding, msg.subjectId, msg.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD) : [];
        post(
          {
            type: "enrolled",
            requestId: msg.requestId,
            embedding: r.embedding,
            face: { box: r.face.box, landmarks: r.face.landmarks, score: r.face.score, faceSize: r.face.quality.faceSize },
            facesDetected: r.facesDetected,
            duplicates,
          },
          [r.embedding.buffer],
        );
        return;
      }
      case "bench": {
        const rec = requireReady();
        const rgba = await decode(msg.image);
        const runs = Math.max(1, Math.min(200, msg.runs ?? 20));
        const b = await benchFrame(rec, rgba, runs, { matcher, threshold });
        const matches = await benchMatching(msg.matchSizes ?? []);
        post({
          type: "benchResult",
          requestId: msg.requestId,
          backend: rec.backend,
          numThreads: rec.numThreads,
          runs,
          faces: b.faces,
          median: b.median,
          matchMs: Object.fromEntries(matches.map((m) => [String(m.size), m.perProbeMs])),
        });
        return;
      }
      case "dispose": {
        state = "disposed";
        matcher.dispose();
        const rec = recognizer;
        recognizer = null;
        await rec?.dispose();
        post({ type: "disposed" });
        return;
      }
      default:
        throw new RequestError("bad_request", `unknown message type ${(msg as { type?: unknown })?.type}`);
    }
  }

  async function guarded(msg: WorkerRequest): Promise<void> {
    try {
      await run(msg);
    } catch (e) {
      if (msg.type === "load") {
        state = "failed";
        recognizer = null;
      }
      fail(msg, e);
    } finally {
      pending--;
    }
  }

  return {
    get state() {
      return state;
    },
    handle(msg: WorkerRequest): Promise<void> {
      if (!msg || typeof msg !== "object" || typeof (msg as { type?: unknown }).type !== "string") {
        fail(undefined, new RequestError("bad_request", "message must be an object with a string `type`"));
        return Promise.resolve();
      }
      if (msg.type === "prepare") {
        prepare(msg);
        return Promise.resolve();
      }
      if (msg.type === "frame") {
        if (pending > 0) {
          releaseImage(msg.image);
          post({ type: "dropped", frameId: msg.frameId, reason: "busy" });
          return Promise.resolve();
        }
        if (!recognizer) {
          releaseImage(msg.image);
          fail(msg, new RequestError("not_ready", state === "loading" ? "models are still loading" : "models are not loaded; send `load` first"));
          return Promise.resolve();
        }
      }
      // One request at a time; frames never wait (they are dropped above while busy).
      pending++;
      const next = chain.then(() => guarded(msg));
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
