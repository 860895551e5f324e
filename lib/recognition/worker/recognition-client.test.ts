import { describe, expect, it } from "vitest";
import type { WorkerRequest, WorkerResponse } from "./protocol";
import { RecognitionClient, type WorkerLike } from "./recognition-client";

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
