import { describe, expect, it } from "vitest";
import type { FaceRecognizer, FrameRecognition } from "../pipeline";
import type { RgbaFrame } from "../types";
import { createRecognitionHandler, type HandlerDeps } from "./handler";
import type { FrameImage, LoadMessage, WorkerResponse } from "./protocol";

const rgba = (w = 4, h = 4): FrameImage => ({ kind: "rgba", width: w, height: h, data: new ArrayBuffer(w * h * 4) });

const LOAD: LoadMessage = {
  type: "load",
  models: { yunet: "/models/a.onnx", "yunet-dynamic": "/models/b.onnx", mobilefacenet: "/models/c.onnx" },
  backend: "wasm",
  threshold: 0.45,
};

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const emptyResult = (frame: RgbaFrame): FrameRecognition => ({
  width: frame.width,
  height: frame.height,
  detectorInput: { width: 640, height: 640 },
  landmarksRefined: null,
  faces: [],
  timings: { preprocess: 0, detect: 0, decode: 0, align: 0, embed: 0, match: 0, total: 0 },
});

/** A stand-in for FaceRecognizer with controllable behaviour. */
function fakeRecognizer(over: Partial<Record<"recognize" | "detect", (frame: RgbaFrame) => Promise<unknown>>> = {}): FaceRecognizer {
  return {
    backend: "wasm",
    numThreads: 1,
    backendReason: "test",
    warmUp: async () => 1,
    recognize: over.recognize ?? (async (f: RgbaFrame) => emptyResult(f)),
    detect:
      over.detect ?? (async () => ({ detections: [], input: { width: 640, height: 640, model: "yunet" }, timings: { preprocess: 0, detect: 0, decode: 0 } })),
    embedFaces: async () => ({ embeddings: new Float32Array(128), alignMs: 0, embedMs: 0 }),
    dispose: async () => undefined,
  } as unknown as FaceRecognizer;
}

function setup(over: Partial<HandlerDeps> = {}) {
  const out: WorkerResponse[] = [];
  const deps: HandlerDeps = {
    post: (m) => out.push(m),
    fetchModel: async () => new ArrayBuffer(8),
    decodeImage: async (img) => {
      if (img.kind !== "rgba") throw new Error("test decoder only reads rgba");
      return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) };
    },
    createRecognizer: async () => fakeRecognizer(),
    ...over,
  };
  return { handler: createRecognitionHandler(deps), out };
}

describe("recognition worker handler", () => {
  it("a frame before load gets an error, not silence", async () => {
    const { handler, out } = setup();
    await handler.handle({ type: "frame", frameId: 7, timestamp: 0, image: rgba() });
    expect(out).toEqual([expect.objectContaining({ type: "error", op: "frame", code: "not_ready", frameId: 7, fatal: false })]);
  });

  it("a corrupt model fails the load with an error naming the file; frames then get errors", async () => {
    // The real FaceRecognizer.create: the manifest check rejects the bytes before ORT sees them.
    const { handler, out } = setup({ createRecognizer: undefined, fetchModel: async () => new TextEncoder().encode("not a model").buffer as ArrayBuffer });
    await handler.handle(LOAD);
    const err = out.find((m) => m.type === "error");
    expect(err).toMatchObject({ type: "error", op: "load", code: "model_integrity", fatal: true });
    expect(err && err.type === "error" && err.message).toMatch(/face_detection_yunet_2023mar\.onnx/);
    expect(handler.state).toBe("failed");
    expect(out.some((m) => m.type === "ready")).toBe(false);

    out.length = 0;
    await handler.handle({ type: "frame", frameId: 1, timestamp: 0, image: rgba() });
    expect(out).toEqual([expect.objectContaining({ type: "error", code: "not_ready", frameId: 1 })]);
  });

  it("a model that cannot be fetched fails the load with load_failed", async () => {
    const { handler, out } = setup({
      fetchModel: async (url) => {
        if (url.endsWith("c.onnx")) throw new Error("HTTP 404 Not Found");
        return new ArrayBuffer(8);
      },
    });
    await handler.handle(LOAD);
    expect(out).toContainEqual(expect.objectContaining({ type: "error", op: "load", code: "load_failed", fatal: true }));
    const err = out.find((m) => m.type === "error");
    expect(err && err.type === "error" && err.message).toMatch(/mobilefacenet.*404/);
  });

  it("reports progress and ready after warm-up", async () => {
    const { handler, out } = setup({
      fetchModel: async (_url, onProgress) => {
        onProgress(4, 8);
        onProgress(8, 8);
        return new ArrayBuffer(8);
      },
    });
    await handler.handle(LOAD);
    expect(out.filter((m) => m.type === "progress")).toHaveLength(6);
    expect(out.at(-1)).toMatchObject({ type: "ready", backend: "wasm", matcher: "wasm-simd", gallerySize: 0, threshold: 0.45, prepared: false });
    expect(handler.state).toBe("ready");
  });

  it("loads with a packed (int8) gallery as the station sends it", async () => {
    const { handler, out } = setup();
    const rows = new Int8Array(5 * 128).map((_, i) => ((i * 53) % 255) - 127);
    await handler.handle({ ...LOAD, gallery: { encoding: "int8", dim: 128, rowCount: 5, rows, rowIds: new Uint8Array(80) } });
    expect(out.at(-1)).toMatchObject({ type: "ready", matcher: "wasm-simd", gallerySize: 5 });
  });

  it("rejects a malformed gallery before fetching any model, and releases the matcher when a load fails", async () => {
    let fetches = 0;
    const { handler, out } = setup({ fetchModel: async () => (fetches++, new ArrayBuffer(8)) });
    await handler.handle({ ...LOAD, gallery: { encoding: "int8", dim: 128, rowCount: 2, rows: new Int8Array(128), rowIds: new Uint8Array(32) } });
    expect(out.at(-1)).toMatchObject({ type: "error", op: "load", code: "bad_request" });
    expect(fetches).toBe(0);

    // A large gallery starts scan helpers; a load that then fails stops them again.
    const terminated: number[] = [];
    let spawned = 0;
    const scanHelpers = { spawn: () => ((n) => ({ terminate: () => terminated.push(n) }))(spawned++), count: 1 };
    const failing = setup({ scanHelpers, createRecognizer: async () => Promise.reject(new Error("no backend")) });
    const n = 70_000;
    await failing.handler.handle({
      ...LOAD,
      gallery: { encoding: "int8", dim: 128, rowCount: n, rows: new Int8Array(n * 128).fill(3), rowIds: new Uint8Array(n * 16) },
    });
    expect(failing.out.at(-1)).toMatchObject({ type: "error", op: "load" });
    expect(spawned).toBe(1);
    expect(terminated).toEqual([0]);
  });

  it("rejects an out-of-range threshold and a malformed message", async () => {
    const { handler, out } = setup();
    await handler.handle({ ...LOAD, threshold: 2 });
    expect(out.at(-1)).toMatchObject({ type: "error", op: "load", code: "bad_request" });
    await handler.handle({ type: "nonsense" } as never);
    expect(out.at(-1)).toMatchObject({ type: "error", code: "bad_request" });
    await handler.handle(null as never);
    expect(out.at(-1)).toMatchObject({ type: "error", op: "unknown", code: "bad_request" });
  });

  it("drops frames while busy instead of queueing them", async () => {
    const gate = deferred();
    const { handler, out } = setup({
      createRecognizer: async () =>
        fakeRecognizer({
          recognize: async (f) => {
            await gate.promise;
            return emptyResult(f);
          },
        }),
    });
    await handler.handle(LOAD);
    out.length = 0;
    const first = handler.handle({ type: "frame", frameId: 1, timestamp: 0, image: rgba() });
    await handler.handle({ type: "frame", frameId: 2, timestamp: 10, image: rgba() });
    await handler.handle({ type: "frame", frameId: 3, timestamp: 20, image: rgba() });
    expect(out).toEqual([
      { type: "dropped", frameId: 2, reason: "busy" },
      { type: "dropped", frameId: 3, reason: "busy" },
    ]);
    gate.resolve();
    await first;
    expect(out.at(-1)).toMatchObject({ type: "result", frameId: 1, faces: [] });
    // Not busy any more: the next frame is processed.
    await handler.handle({ type: "frame", frameId: 4, timestamp: 30, image: rgba() });
    expect(out.at(-1)).toMatchObject({ type: "result", frameId: 4 });
  });

  it("a failing frame answers error and leaves the worker usable", async () => {
    let fail = true;
    const { handler, out } = setup({
      createRecognizer: async () =>
        fakeRecognizer({
          recognize: async (f) => {
            if (fail) throw new Error("boom");
            return emptyResult(f);
          },
        }),
    });
    await handler.handle(LOAD);
    await handler.handle({ type: "frame", frameId: 1, timestamp: 0, image: rgba() });
    expect(out.at(-1)).toMatchObject({ type: "error", op: "frame", code: "internal", frameId: 1, message: "boom", fatal: false });
    fail = false;
    await handler.handle({ type: "frame", frameId: 2, timestamp: 0, image: rgba() });
    expect(out.at(-1)).toMatchObject({ type: "result", frameId: 2 });
  });

  it("an undecodable image is an image_decode error", async () => {
    const { handler, out } = setup();
    await handler.handle(LOAD);
    await handler.handle({ type: "frame", frameId: 5, timestamp: 0, image: { kind: "encoded", bytes: new ArrayBuffer(3) } });
    expect(out.at(-1)).toMatchObject({ type: "error", code: "image_decode", frameId: 5 });
  });

  it("answers enrol with a rejection reason, and setGallery with galleryReady or an error", async () => {
    const { handler, out } = setup();
    await handler.handle(LOAD);
    await handler.handle({ type: "enrol", requestId: 9, image: rgba() });
    expect(out.at(-1)).toMatchObject({ type: "enrolRejected", requestId: 9, reason: "no_face" });

    await handler.handle({ type: "setGallery", requestId: 10, gallery: { ids: ["a"], vectors: new Float32Array(128).fill(0.1) } });
    expect(out.at(-1)).toMatchObject({ type: "galleryReady", requestId: 10, size: 1 });

    await handler.handle({ type: "setGallery", requestId: 11, gallery: { ids: ["a", "b"], vectors: new Float32Array(128) } });
    expect(out.at(-1)).toMatchObject({ type: "error", requestId: 11, code: "bad_request" });

    // The snapshot's packed form: int8 rows and 16-byte entry ids go into the int8 matcher as they are.
    const rows = new Int8Array(3 * 128).map((_, i) => ((i * 37) % 255) - 127);
    await handler.handle({ type: "setGallery", requestId: 12, gallery: { encoding: "int8", dim: 128, rowCount: 3, rows, rowIds: new Uint8Array(48) } });
    expect(out.at(-1)).toMatchObject({ type: "galleryReady", requestId: 12, size: 3, matcher: "wasm-simd" });
    await handler.handle({ type: "setGallery", requestId: 13, gallery: { encoding: "int8", dim: 128, rowCount: 4, rows, rowIds: new Uint8Array(48) } });
    expect(out.at(-1)).toMatchObject({ type: "error", requestId: 13, code: "bad_request" });
  });

  it("enrol before load is an error with the request id", async () => {
    const { handler, out } = setup();
    await handler.handle({ type: "enrol", requestId: 3, image: rgba() });
    expect(out.at(-1)).toMatchObject({ type: "error", op: "enrol", requestId: 3, code: "not_ready" });
  });

  it("dispose releases the recognizer; later frames get not_ready", async () => {
    let disposed = false;
    const { handler, out } = setup({
      createRecognizer: async () => ({ ...fakeRecognizer(), dispose: async () => void (disposed = true) }) as unknown as FaceRecognizer,
    });
    await handler.handle(LOAD);
    await handler.handle({ type: "dispose" });
    expect(disposed).toBe(true);
    expect(out.at(-1)).toEqual({ type: "disposed" });
    await handler.handle({ type: "frame", frameId: 1, timestamp: 0, image: rgba() });
    expect(out.at(-1)).toMatchObject({ type: "error", code: "not_ready" });
  });
});

describe("prepare: the runtime and the models start before the load", () => {
  const PREPARE = { type: "prepare" as const, models: LOAD.models, backend: "wasm" as const };

  it("starts the runtime and the downloads at once, and the load uses them (each model fetched once)", async () => {
    const fetched: string[] = [];
    const started: unknown[] = [];
    const gate = deferred();
    const { handler, out } = setup({
      fetchModel: async (url) => {
        fetched.push(url);
        await gate.promise;
        return new ArrayBuffer(8);
      },
      startRuntime: async (o) => void started.push(o),
    });
    await handler.handle(PREPARE);
    expect(out).toEqual([]);
    expect(fetched.sort()).toEqual(Object.values(LOAD.models).sort());
    expect(started).toEqual([{ backend: "wasm", numThreads: undefined, wasmPaths: "/ort/" }]);
    const loading = handler.handle(LOAD);
    gate.resolve();
    await loading;
    expect(fetched).toHaveLength(3);
    expect(started).toHaveLength(2);
    expect(out.at(-1)).toMatchObject({ type: "ready", prepared: true });
  });

  it("fetches a model again when its early download failed, and ignores a prepare once a load has begun", async () => {
    let calls = 0;
    const { handler, out } = setup({
      fetchModel: async (url) => {
        calls++;
        if (calls === 1 && url === LOAD.models.yunet) throw new Error("connection reset");
        return new ArrayBuffer(8);
      },
    });
    await handler.handle(PREPARE);
    await handler.handle(LOAD);
    expect(out.at(-1)).toMatchObject({ type: "ready", prepared: true });
    expect(calls).toBe(4);
    await handler.handle(PREPARE);
    expect(calls).toBe(4);
  });

  it("a prepare with an unknown back end starts nothing", async () => {
    let calls = 0;
    const { handler, out } = setup({ fetchModel: async () => (calls++, new ArrayBuffer(8)), startRuntime: async () => void calls++ });
    await handler.handle({ ...PREPARE, backend: "cuda" as "wasm" });
    expect(calls).toBe(0);
    expect(out).toEqual([]);
  });

  it("a load of other models does not use (or keep) what was prepared", async () => {
    const fetched: string[] = [];
    const { handler, out } = setup({ fetchModel: async (url) => (fetched.push(url), new ArrayBuffer(8)) });
    await handler.handle(PREPARE);
    const other = { yunet: "/v2/a.onnx", "yunet-dynamic": "/v2/b.onnx", mobilefacenet: "/v2/c.onnx" };
    await handler.handle({ ...LOAD, models: other });
    expect(out.at(-1)).toMatchObject({ type: "ready", prepared: false });
    expect(fetched.slice(3).sort()).toEqual(Object.values(other).sort());
    // Reloading the prepared URLs fetches them again: nothing was kept.
    await handler.handle(LOAD);
    expect(fetched).toHaveLength(9);
  });
});
