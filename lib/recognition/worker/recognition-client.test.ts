import { describe, expect, it, vi } from "vitest";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import { PRESTART_UNCLAIMED_MS, RecognitionClient, prestartScript, type WorkerLike } from "./recognition-client";

class FakeWorker implements WorkerLike {
  sent: { message: WorkerRequest; transfer: Transferable[] }[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent | Event) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  postMessage(message: unknown, transfer: Transferable[]): void {
    this.sent.push({ message: message as WorkerRequest, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: WorkerResponse): void {
    this.onmessage?.({ data: m } as MessageEvent);
  }
  crash(message = "boom"): void {
    this.onerror?.({ message, preventDefault() {} } as unknown as ErrorEvent);
  }
}

function setup(opts: { maxRestarts?: number; frameTimeoutMs?: number } = {}) {
  const workers: FakeWorker[] = [];
  const client = new RecognitionClient({
    ...opts,
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
  });
  return { client, workers, current: () => workers[workers.length - 1] };
}

const LOAD = {
  models: { yunet: "/m/a", "yunet-dynamic": "/m/b", mobilefacenet: "/m/c" },
  backend: "auto" as const,
  threshold: 0.45,
};
const READY: WorkerResponse = {
  type: "ready",
  backend: "wasm",
  numThreads: 1,
  matcher: "js",
  gallerySize: 0,
  threshold: 0.45,
  loadMs: 1,
  warmupMs: 1,
  fetchMs: 0,
  createMs: 1,
};
const rgba = () => ({ kind: "rgba" as const, width: 1, height: 1, data: new ArrayBuffer(4) });

describe("RecognitionClient", () => {
  it("load resolves on ready and rejects on a load error", async () => {
    const { client, current } = setup();
    const p = client.load(LOAD);
    expect(current().sent[0].message).toMatchObject({ type: "load", threshold: 0.45 });
    current().reply(READY);
    await expect(p).resolves.toMatchObject({ type: "ready" });

    const q = client.load(LOAD);
    current().reply({ type: "error", op: "load", code: "model_integrity", message: "bad model x.onnx", fatal: true });
    await expect(q).rejects.toThrow(/x\.onnx/);
    client.dispose();
  });

  it("keeps one frame in flight: extra frames are dropped on the page, transfers the buffer", () => {
    const { client, current } = setup();
    const dropped: unknown[] = [];
    const results: unknown[] = [];
    client.on("dropped", (d) => dropped.push(d));
    client.on("result", (r) => results.push(r));
    const img = rgba();
    const id1 = client.sendFrame(img, 0);
    expect(id1).toBe(1);
    expect(current().sent[0].transfer).toEqual([img.data]);
    expect(client.sendFrame(rgba(), 1)).toBeNull();
    expect(dropped).toEqual([expect.objectContaining({ reason: "in_flight" })]);

    current().reply({
      type: "result",
      frameId: 1,
      timestamp: 0,
      width: 1,
      height: 1,
      detectorInput: { width: 640, height: 640 },
      faces: [],
      events: [],
      timings: { preprocess: 0, detect: 0, decode: 0, align: 0, embed: 0, match: 0, total: 0, imageDecode: 0 },
      matchThreads: 1,
    });
    expect(results).toHaveLength(1);
    expect(client.frameInFlight).toBe(false);
    expect(client.sendFrame(rgba(), 2)).toBe(3);
    // An error for the frame also frees the slot.
    current().reply({ type: "error", op: "frame", code: "internal", message: "x", frameId: 3, fatal: false });
    expect(client.frameInFlight).toBe(false);
    client.dispose();
  });

  it("restarts a crashed worker, rejects what was pending and reloads with the latest gallery", async () => {
    const { client, workers, current } = setup();
    const restarted: unknown[] = [];
    client.on("restarted", (r) => restarted.push(r));
    const loading = client.load(LOAD);
    current().reply(READY);
    await loading;
    const gallery = { ids: ["a"], vectors: new Float32Array(128) };
    const pendingGallery = client.setGallery(gallery, 0.5);
    client.sendFrame(rgba());

    const first = current();
    first.crash("out of memory");
    await expect(pendingGallery).rejects.toThrow(/restarted.*out of memory/);
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(restarted).toEqual([{ reason: "worker error: out of memory", attempt: 1 }]);
    expect(client.frameInFlight).toBe(false);
    const reload = current().sent[0].message;
    expect(reload).toMatchObject({ type: "load", threshold: 0.5, gallery: { ids: ["a"] } });
    client.dispose();
  });

  it("gives up after maxRestarts within a minute", () => {
    const { client, workers, current } = setup({ maxRestarts: 2 });
    const crashed: unknown[] = [];
    client.on("crashed", (c) => crashed.push(c));
    current().crash();
    current().crash();
    current().crash();
    expect(workers).toHaveLength(3);
    expect(crashed).toHaveLength(1);
    client.dispose();
  });

  it("restarts a worker that stops answering frames", async () => {
    const { client, workers } = setup({ frameTimeoutMs: 20 });
    client.sendFrame(rgba());
    await new Promise((r) => setTimeout(r, 60));
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(client.frameInFlight).toBe(false);
    client.dispose();
  });

  it("dispose asks the worker to dispose, terminates it and rejects pending requests", async () => {
    const { client, current } = setup();
    const w = current();
    const p = client.enrol(rgba());
    client.dispose();
    await expect(p).rejects.toThrow(/disposed/);
    expect(w.sent.at(-1)?.message).toEqual({ type: "dispose" });
    expect(w.terminated).toBe(true);
    expect(() => client.sendFrame(rgba())).toThrow(/disposed/);
  });
});

describe("a worker started by the page's inline script (prestartScript), as its HTML is parsed", () => {
  const URL = "/workers/recognition.js?inline-test";
  /** The script as a page runs it; its workers are fakes, and the client's own workers come from `createWorker`. */
  function page() {
    const workers: (FakeWorker & { url?: string; options?: unknown })[] = [];
    class ScriptWorker extends FakeWorker {
      constructor(
        readonly url: string,
        readonly options: unknown,
      ) {
        super();
        workers.push(this);
      }
    }
    const prestart = (prepare: Parameters<typeof prestartScript>[0], url = URL) =>
      new Function("window", "Worker", prestartScript(prepare, url))(globalThis, ScriptWorker);
    const createWorker = () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    };
    return { workers, prestart, createWorker };
  }

  it("is prepared at once, and the first client takes it over and loads on it", async () => {
    const { workers, prestart, createWorker } = page();
    prestart({ models: LOAD.models, backend: "auto" });
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({ url: URL, options: { type: "module", name: "vigil-recognition" } });
    expect(workers[0].sent[0].message).toEqual({ type: "prepare", models: LOAD.models, backend: "auto" });
    const client = new RecognitionClient({ workerUrl: URL, createWorker });
    expect(workers).toHaveLength(1);
    expect(client.usesPreparedWorker).toBe(true);
    const ready = client.load(LOAD);
    expect(workers).toHaveLength(1);
    expect(workers[0].sent[1].message).toMatchObject({ type: "load", backend: "auto" });
    workers[0].reply(READY);
    await expect(ready).resolves.toMatchObject({ type: "ready" });
    expect(client.usesPreparedWorker).toBe(false);
    // Taken: the next client starts its own worker.
    const other = new RecognitionClient({ workerUrl: URL, createWorker });
    expect(workers).toHaveLength(2);
    other.dispose();
    client.dispose();
    expect(workers[0].terminated).toBe(true);
  });

  it("is replaced by a fresh worker when the load asks for other runtime options than prepared", () => {
    const { workers, prestart, createWorker } = page();
    prestart({ models: LOAD.models, backend: "auto" });
    const client = new RecognitionClient({ workerUrl: URL, createWorker });
    void client.load({ ...LOAD, numThreads: 2 }).catch(() => undefined);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].sent.map((s) => s.message.type)).toEqual(["load"]);
    client.dispose();
  });

  it("is terminated when no client claims it in time, or when it fails to start; one waits at a time", () => {
    vi.useFakeTimers();
    try {
      const { workers, prestart, createWorker } = page();
      prestart({ backend: "auto" });
      prestart({ backend: "auto" });
      expect(workers).toHaveLength(1);
      vi.advanceTimersByTime(PRESTART_UNCLAIMED_MS);
      expect(workers[0].terminated).toBe(true);
      const late = new RecognitionClient({ workerUrl: URL, createWorker });
      expect(workers).toHaveLength(2);
      expect(late.usesPreparedWorker).toBe(false);
      late.dispose();

      prestart({ backend: "auto" });
      workers[2].crash("script failed to load");
      expect(workers[2].terminated).toBe(true);
      const client = new RecognitionClient({ workerUrl: URL, createWorker });
      expect(workers).toHaveLength(4);
      expect(client.usesPreparedWorker).toBe(false);
      client.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it("serves only clients of its own worker URL", () => {
    const { workers, prestart, createWorker } = page();
    prestart({ backend: "auto" });
    const client = new RecognitionClient({ workerUrl: `${URL}-other`, createWorker });
    expect(workers).toHaveLength(2);
    expect(client.usesPreparedWorker).toBe(false);
    client.dispose();
    const mine = new RecognitionClient({ workerUrl: URL, createWorker });
    expect(mine.usesPreparedWorker).toBe(true);
    mine.dispose();
  });

  it("cannot be broken out of its <script> element by a URL", () => {
    const script = prestartScript({ backend: "auto", wasmPaths: "/ort/</script><script>alert(1)</script>" }, URL);
    expect(script).not.toMatch(/<\/script/i);
    expect(script).toContain("\\u003c/script>");
  });
});
