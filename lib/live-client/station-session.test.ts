import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeChunk, encodeChunkFrame, encodeStreamHeader, GALLERY_MEDIA_TYPE, rootHash, toHex } from "@/lib/deployments/snapshot-format";
import type { ClientEvents } from "@/lib/recognition/worker/recognition-client";
import { unpackGallery } from "@/lib/recognition/gallery";
import { galleryPayloadSize, isPackedGalleryPayload } from "@/lib/recognition/worker/protocol";
import type { GalleryPayload, LoadMessage, PackedGalleryPayload, ResultMessage } from "@/lib/recognition/worker/protocol";
import { embeddingToBase64 } from "@/lib/watchlists/embedding-codec";
import type { LiveEventHandlers } from "./live-events";
import type { OutboxItem, OutboxStore } from "./outbox";
import type { ServerScope } from "./scope";
import { startStationSession, type ChannelLike, type RecognitionLike, type StationDeps, type StationSession } from "./station-session";

/** The entry id of every row of a gallery payload (either form). */
function rowIdsOf(g: GalleryPayload | undefined): string[] | undefined {
  if (!g) return undefined;
  return isPackedGalleryPayload(g) ? [...unpackGallery(g).ids] : g.ids;
}

// The station session with its real logic and fake I/O: a fake server (deployments, scope,
// gallery, alerts), a fake worker, a fake frame loop and an in-memory outbox.

const DEP = "11111111-1111-4111-8111-111111111111";
const CAM = "22222222-2222-4222-8222-222222222222";
const emb = (x: number) => embeddingToBase64(new Float32Array([x, 1 - x, 0, 0]));
const ENTRIES = [
  { id: "e-blue", subjectReference: "BLUE-0001", isTestSubject: true, embeddings: [emb(0.1)] },
  { id: "e-1", subjectReference: "WL-0001", isTestSubject: false, embeddings: [emb(0.2), emb(0.3)] },
  { id: "e-2", subjectReference: "WL-0002", isTestSubject: false, embeddings: [emb(0.4)] },
];

class FakeServer {
  status = "AUTHORISED";
  threshold = 0.45;
  hash = "abcdef0123456789";
  version = 1;
  stoppedReason: string | null = null;
  /** Serve the old gallery even after a change (a server-side cache gone wrong). */
  staleGallery: { entries: typeof ENTRIES; hash: string } | null = null;
  hasScopeRoute = true;
  posted: { url: string; body: Record<string, unknown> }[] = [];
  refuseAlerts: string | null = null;
  requests: string[] = [];
  /** Serve the gallery as the binary stream (ids as UUIDs); `tamper` flips a byte of its chunk. */
  binary = false;
  tamper = false;

  get phase(): ServerScope["phase"] {
    return this.status === "LIVE" ? "live" : this.status === "AUTHORISED" ? "self-test" : "stopped";
  }
  entries() {
    return this.status === "LIVE" ? ENTRIES : ENTRIES.filter((e) => e.isTestSubject);
  }
  scope(): ServerScope {
    const stopped = this.phase === "stopped";
    return {
      deploymentId: DEP,
      reference: "DEP-1",
      status: this.status,
      phase: this.phase,
      stoppedReason: stopped ? this.stoppedReason : null,
      threshold: this.threshold,
      gallery: stopped
        ? { kind: "none", size: 0, hash: null, snapshotId: null }
        : { kind: this.phase === "live" ? "full" : "blue-list", size: this.entries().length, hash: this.hash, snapshotId: "snap-1" },
      version: this.version,
    };
  }
  change(patch: Partial<Pick<FakeServer, "status" | "threshold" | "hash" | "stoppedReason">>) {
    Object.assign(this, patch);
    this.version++;
    return { scope: this.scope(), change: "other" };
  }
  fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    this.requests.push(url);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    if (url === "/api/live/deployments")
      return json(200, {
        deployments: [{ id: DEP, reference: "DEP-1", status: this.status, cameras: [{ id: CAM, name: "Cam 1", source: "BROWSER", whepUrl: null }] }],
      });
    if (url.endsWith("/scope")) return this.hasScopeRoute ? json(200, this.scope()) : new Response("not found", { status: 404 });
    if (url.endsWith("/gallery")) {
      if (this.phase === "stopped") return json(409, { error: { message: `The deployment is ${this.status.toLowerCase()}.` } });
      const g = this.staleGallery ?? { entries: this.entries(), hash: this.hash };
      if (this.binary) return binaryGallery(g.entries, this.scope(), this.threshold, this.tamper);
      return json(200, {
        deploymentId: DEP,
        snapshotId: "snap-1",
        contentHash: g.hash,
        modelId: "m",
        modelVersion: "1",
        threshold: this.threshold,
        dim: 4,
        entries: g.entries,
      });
    }
    if (url === "/api/alerts" || url === "/api/live/face-counts") {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      this.posted.push({ url, body });
      if (url === "/api/alerts" && this.refuseAlerts) return json(409, { error: { message: this.refuseAlerts } });
      return json(200, { ok: true });
    }
    return json(404, { error: { message: "no route" } });
  };
}

const UUID: Record<string, string> = {
  "e-blue": "00000000-0000-4000-8000-00000000000b",
  "e-1": "00000000-0000-4000-8000-000000000001",
  "e-2": "00000000-0000-4000-8000-000000000002",
};

/** The gallery route's binary answer for these entries (lib/deployments/snapshot-format.ts). */
async function binaryGallery(entries: typeof ENTRIES, scope: ServerScope, threshold: number, tamper: boolean): Promise<Response> {
  const chunk = encodeChunk(
    entries.map((e) => ({
      id: UUID[e.id],
      subjectReference: e.subjectReference,
      isTestSubject: e.isTestSubject,
      embeddings: e.embeddings.map((b) => new Float32Array(new Uint8Array(Buffer.from(b, "base64")).buffer)),
    })),
    4,
  );
  const digest = new Uint8Array(createHash("sha256").update(chunk).digest());
  const root = await rootHash([digest], async (b) => new Uint8Array(createHash("sha256").update(b).digest()));
  const header = {
    format: 2 as const,
    deploymentId: DEP,
    snapshotId: "snap-1",
    contentHash: root,
    modelId: "m",
    modelVersion: "1",
    threshold,
    dim: 4,
    encoding: "int8" as const,
    entryCount: entries.length,
    rowCount: entries.reduce((n, e) => n + e.embeddings.length, 0),
    chunkCount: 1,
    byteSize: chunk.length,
    scope,
  };
  if (tamper) chunk[20] ^= 1;
  const body = Buffer.concat([encodeStreamHeader(header), ...encodeChunkFrame(chunk, toHex(digest))]);
  return new Response(new Uint8Array(body), { status: 200, headers: { "content-type": GALLERY_MEDIA_TYPE } });
}

class FakeRecognition implements RecognitionLike {
  frameInFlight = false;
  disposed = false;
  loads: Omit<LoadMessage, "type">[] = [];
  galleries: { gallery: GalleryPayload; threshold?: number }[] = [];
  failLoad: Error | null = null;
  private listeners = new Map<string, Set<(e: never) => void>>();
  on<K extends keyof ClientEvents>(type: K, listener: (event: ClientEvents[K]) => void) {
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    set.add(listener as (e: never) => void);
    return () => set.delete(listener as (e: never) => void);
  }
  emit<K extends keyof ClientEvents>(type: K, event: ClientEvents[K]) {
    for (const l of this.listeners.get(type) ?? []) (l as (e: ClientEvents[K]) => void)(event);
  }
  async load(request: Omit<LoadMessage, "type">) {
    this.loads.push(request);
    if (this.failLoad) throw this.failLoad;
    return {
      type: "ready" as const,
      backend: "wasm" as const,
      numThreads: 2,
      matcher: "flat" as never,
      gallerySize: request.gallery ? galleryPayloadSize(request.gallery) : 0,
      threshold: request.threshold,
      loadMs: 10,
      warmupMs: 5,
      fetchMs: 1,
      createMs: 3,
    };
  }
  async setGallery(gallery: GalleryPayload, threshold?: number) {
    this.galleries.push({ gallery, threshold });
    return { type: "galleryReady" as const, requestId: 1, size: galleryPayloadSize(gallery), matcher: "flat" as never, threshold: threshold ?? 0, buildMs: 1 };
  }
  dispose() {
    this.disposed = true;
  }
}

function memoryOutbox(): OutboxStore & { items: Map<string, OutboxItem> } {
  const items = new Map<string, OutboxItem>();
  return { items, put: async (i) => items.set(i.key, i), remove: async (k) => items.delete(k), all: async () => [...items.values()] };
}

function fakeChannel(): ChannelLike & { sent: string[] } {
  return {
    readyState: "open",
    sent: [],
    send(d: string) {
      this.sent.push(d);
    },
    onmessage: null,
    onclose: null,
  };
}

function result(events: ResultMessage["events"], faces = 1): ResultMessage {
  return {
    type: "result",
    frameId: 1,
    timestamp: 1000,
    width: 640,
    height: 360,
    detectorInput: { width: 320, height: 180 },
    faces: Array.from({ length: faces }, () => ({ box: { x: 10, y: 10, width: 50, height: 60 }, score: 0.9, match: null }) as never),
    events,
    timings: {} as never,
    matchThreads: 1,
  };
}

function setUp(opts: { maxFps?: number; failFirstLoad?: string; binary?: boolean; tamper?: boolean } = {}) {
  const server = new FakeServer();
  server.binary = opts.binary ?? false;
  server.tamper = opts.tamper ?? false;
  const workers: FakeRecognition[] = [];
  const loops: { stopped: boolean; opts: { paused: () => boolean; minIntervalMs: number } }[] = [];
  const tracks = [
    {
      stopped: false,
      stop() {
        this.stopped = true;
      },
    },
  ];
  let handlers: LiveEventHandlers | null = null;
  let onViewer: ((ch: ChannelLike) => void) | null = null;
  let serving = false;
  const outbox = memoryOutbox();
  const deps: StationDeps = {
    fetch: server.fetch,
    getUserMedia: async () => ({ getTracks: () => tracks }) as unknown as MediaStream,
    viewWhep: async () => {
      throw new Error("not used");
    },
    viewCamera: async () => {
      throw new Error("not used");
    },
    serveViewers: (_id, _stream, onChannel) => {
      serving = true;
      onViewer = onChannel;
      return () => (serving = false);
    },
    showPicture: async () => {},
    createRecognition: () => {
      const w = new FakeRecognition();
      if (opts.failFirstLoad && workers.length === 0) w.failLoad = new Error(opts.failFirstLoad);
      workers.push(w);
      return w;
    },
    modelUrls: { yunet: "/y", "yunet-dynamic": "/yd", mobilefacenet: "/m" },
    startFrameLoop: (_client, o) => {
      const l = { stopped: false, opts: o };
      loops.push(l);
      return { crop: async () => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: "image/jpeg" }), stop: () => (l.stopped = true) };
    },
    outbox,
    subscribe: (_id, h) => {
      handlers = h;
      return () => (handlers = null);
    },
    reload: () => {},
    now: () => Date.now(),
  };
  const session = startStationSession(deps, { cameraId: CAM, maxFps: opts.maxFps });
  return {
    server,
    workers,
    loops,
    tracks,
    outbox,
    session,
    serving: () => serving,
    viewer: () => onViewer!,
    events: () => handlers,
    publish: (data: unknown) => handlers!.onEvent("deployment.changed", data, "1"),
  };
}

const until = (fn: () => void) => vi.waitFor(fn, { timeout: 5000, interval: 5 });

describe("camera station session", () => {
  let s: ReturnType<typeof setUp> | null = null;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    s?.session.stop();
    s = null;
    vi.useRealTimers();
  });

  async function recognising(opts?: { maxFps?: number }) {
    s = setUp(opts);
    const x = s;
    await until(() => expect(x.session.getState().phase).toBe("recognising"));
    return x;
  }

  it("in the self-test it searches the blue list only, and says so", async () => {
    const x = await recognising();
    const st = x.session.getState();
    expect(st.status).toBe("Recognising");
    expect(st.held).toMatchObject({ kind: "blue-list", size: 1, hash: "abcdef0123456789", threshold: 0.45, version: 1 });
    expect(st.server?.phase).toBe("self-test");
    expect(st.mismatch).toBeNull();
    expect(x.workers).toHaveLength(1);
    expect(rowIdsOf(x.workers[0].loads[0].gallery)).toEqual(["e-blue"]);
    expect(x.workers[0].loads[0].threshold).toBe(0.45);
    expect(x.serving()).toBe(true);
    expect(x.loops[0].opts.minIntervalMs).toBe(0);
  });

  it("loads the binary gallery stream straight into the worker's typed arrays, and goes live with it", async () => {
    s = setUp({ binary: true });
    const x = s;
    await until(() => expect(x.session.getState().phase).toBe("recognising"));
    const st = x.session.getState();
    expect(st.held).toMatchObject({ kind: "blue-list", size: 1, version: 1 });
    expect(st.galleryLoad).toBeNull();
    const packed = x.workers[0].loads[0].gallery!;
    // The worker gets the snapshot's int8 rows as they are (no float copy on the page).
    expect(packed).toMatchObject({ encoding: "int8", rowCount: 1 });
    const g = unpackGallery(packed as PackedGalleryPayload);
    expect(g.ids).toEqual([UUID["e-blue"]]);
    const v = new Float32Array([0.1, 0.9, 0, 0]).map((a) => a / Math.hypot(0.1, 0.9));
    expect(Array.from(g.vectors).reduce((a: number, b: number, k: number) => a + b * v[k], 0)).toBeGreaterThan(0.999);
    x.publish(x.server.change({ status: "LIVE" }));
    await until(() => expect(x.session.getState().held?.kind).toBe("full"));
    expect(rowIdsOf(x.workers[0].galleries.at(-1)!.gallery)).toEqual([UUID["e-blue"], UUID["e-1"], UUID["e-1"], UUID["e-2"]]);
  });

  it("refuses a gallery stream that fails its hash check, with a visible error, and never searches it", async () => {
    s = setUp({ binary: true, tamper: true });
    const x = s;
    await until(() => expect(x.session.getState().phase).toBe("failed"));
    expect(x.session.getState().error).toMatch(/failed its integrity check and was refused: Gallery chunk 1 of 1 fails its SHA-256 check/);
    expect(x.workers.flatMap((w) => w.loads)).toEqual([]);
  });

  it("goes live without a reload: a deployment.changed event swaps the full gallery into the same worker", async () => {
    const x = await recognising();
    x.publish(x.server.change({ status: "LIVE" }));
    await until(() => expect(x.session.getState().held?.kind).toBe("full"));
    const st = x.session.getState();
    expect(st.held).toMatchObject({ size: 3, version: 2 });
    expect(st.server?.phase).toBe("live");
    expect(st.mismatch).toBeNull();
    expect(x.workers).toHaveLength(1);
    expect(rowIdsOf(x.workers[0].galleries.at(-1)!.gallery)).toEqual(["e-blue", "e-1", "e-1", "e-2"]);
    expect(st.phase).toBe("recognising");
  });

  it("a threshold change reaches the worker", async () => {
    const x = await recognising();
    x.publish(x.server.change({ threshold: 0.6 }));
    await until(() => expect(x.workers[0].galleries.at(-1)?.threshold).toBe(0.6));
    expect(x.session.getState().held?.threshold).toBe(0.6);
  });

  it("stops recognising and publishing when the deployment is closed, and says why", async () => {
    const x = await recognising();
    x.publish(x.server.change({ status: "CLOSED", stoppedReason: "Deployment closed by Cara Commander." }));
    await until(() => expect(x.session.getState().phase).toBe("stopped"));
    const st = x.session.getState();
    expect(st.stoppedReason).toBe("Deployment closed by Cara Commander.");
    expect(st.held).toBeNull();
    expect(st.status).toBe("Stopped");
    expect(x.loops[0].stopped).toBe(true);
    expect(x.workers[0].disposed).toBe(true);
    expect(x.tracks[0].stopped).toBe(true);
    expect(x.serving()).toBe(false);
    // A late result from the worker changes nothing.
    x.workers[0].emit("result", result([]));
    expect(x.session.getState().stats.frames).toBe(0);
  });

  it("a change it missed (no event) is caught by the scope poll", async () => {
    const x = await recognising();
    x.server.change({ status: "LIVE" });
    expect(x.session.getState().held?.kind).toBe("blue-list");
    await vi.advanceTimersByTimeAsync(10_500);
    await until(() => expect(x.session.getState().held?.kind).toBe("full"));
  });

  it("re-reads the scope when the live stream reconnects", async () => {
    const x = await recognising();
    x.server.change({ status: "LIVE" });
    x.events()!.onOpen!(true);
    await until(() => expect(x.session.getState().held?.kind).toBe("full"));
  });

  it("an older scope arriving late is ignored", async () => {
    const x = await recognising();
    const old = { scope: x.server.scope(), change: "other" };
    x.publish(x.server.change({ status: "LIVE" }));
    await until(() => expect(x.session.getState().held?.kind).toBe("full"));
    x.publish(old);
    await vi.advanceTimersByTimeAsync(50);
    expect(x.session.getState().held?.kind).toBe("full");
    expect(x.session.getState().server?.version).toBe(2);
  });

  it("says loudly when the gallery it holds is not the scope in force", async () => {
    const x = await recognising();
    x.server.staleGallery = { entries: ENTRIES.filter((e) => e.isTestSubject), hash: "abcdef0123456789" };
    x.publish(x.server.change({ status: "LIVE", hash: "99999999aaaaaaaa" }));
    await until(() => expect(x.session.getState().mismatch).toBeTruthy());
    const m = x.session.getState().mismatch!;
    expect(m).toContain("blue-list only");
    expect(m).toContain("1 entry held, 3 in force");
    expect(m).toContain("snapshot abcdef01 held, 99999999 in force");
    // Once the server serves the right gallery, the next poll clears it.
    x.server.staleGallery = null;
    await vi.advanceTimersByTimeAsync(10_500);
    await until(() => expect(x.session.getState().mismatch).toBeNull());
    expect(x.session.getState().held?.kind).toBe("full");
  });

  it("ignores malformed or foreign deployment.changed payloads", async () => {
    const x = await recognising();
    x.publish({ scope: { nonsense: true } });
    x.publish({ scope: { ...x.server.change({ status: "CLOSED" }).scope, deploymentId: "33333333-3333-4333-8333-333333333333" } });
    await vi.advanceTimersByTimeAsync(50);
    expect(x.session.getState().phase).toBe("recognising");
  });

  it("a worker crash is a visible state; a restart brings a fresh worker with the gallery in force", async () => {
    const x = await recognising();
    x.publish(x.server.change({ status: "LIVE" }));
    await until(() => expect(x.session.getState().held?.kind).toBe("full"));
    x.workers[0].emit("crashed", { reason: "worker error: out of memory" });
    let st = x.session.getState();
    expect(st.phase).toBe("crashed");
    expect(st.workerNotice).toContain("out of memory");
    expect(x.loops[0].stopped).toBe(true);
    expect(x.workers[0].disposed).toBe(true);
    await x.session.restartRecognition();
    st = x.session.getState();
    expect(st.phase).toBe("recognising");
    expect(x.workers).toHaveLength(2);
    expect(rowIdsOf(x.workers[1].loads[0].gallery)).toHaveLength(4);
    expect(x.loops).toHaveLength(2);
    // Events of the old worker no longer count.
    x.workers[0].emit("crashed", { reason: "late" });
    expect(x.session.getState().phase).toBe("recognising");
  });

  it("a fatal worker error stops recognition visibly; a non-fatal one is a notice", async () => {
    const x = await recognising();
    x.workers[0].emit("error", { type: "error", op: "frame", code: "inference_failed" as never, message: "bad frame", fatal: false });
    expect(x.session.getState().phase).toBe("recognising");
    expect(x.session.getState().workerNotice).toContain("bad frame");
    x.workers[0].emit("restarted", { reason: "frame 3 unanswered", attempt: 1 });
    expect(x.session.getState().workerNotice).toContain("restarted");
    x.workers[0].emit("error", { type: "error", op: "frame", code: "not_loaded" as never, message: "models lost", fatal: true });
    expect(x.session.getState().phase).toBe("crashed");
  });

  it("a model load that fails leaves a restartable state", async () => {
    s = setUp({ failFirstLoad: "could not fetch /models/yunet.onnx" });
    const x = s;
    await until(() => expect(x.session.getState().phase).toBe("failed"));
    expect(x.session.getState().error).toContain("yunet.onnx");
    expect(x.session.getState().held?.kind).toBe("blue-list");
    await x.session.restartRecognition();
    expect(x.workers[0].disposed).toBe(true);
    expect(x.session.getState().phase).toBe("recognising");
  });

  it("a match goes to the durable outbox first, carries its scope version, and is delivered once", async () => {
    const x = await recognising();
    x.publish(x.server.change({ status: "LIVE" }));
    await until(() => expect(x.session.getState().held?.version).toBe(2));
    x.workers[0].emit(
      "result",
      result([
        {
          type: "match",
          trackId: 7,
          entryId: "e-1",
          firstSeen: 900,
          best: { frameId: 1, box: { x: 10, y: 10, width: 50, height: 60 }, score: 0.71, timestamp: 1000 },
        } as never,
      ]),
    );
    await until(() => expect(x.server.posted.filter((p) => p.url === "/api/alerts")).toHaveLength(1));
    const body = x.server.posted[0].body;
    expect(body).toMatchObject({ deploymentId: DEP, cameraId: CAM, entryId: "e-1", similarity: 0.71, thresholdInForce: 0.45, scopeVersion: 2, modelId: "m" });
    expect(String(body.idempotencyKey)).toMatch(new RegExp(`^${DEP}:${CAM}:.+-7$`));
    expect(body.probeJpeg).toBe(Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString("base64"));
    await until(() => expect(x.session.getState().stats.pending).toBe(0));
    expect(x.session.getState().stats.matches).toBe(1);
    expect(x.outbox.items.size).toBe(0);
  });

  it("a refused event is reported and not retried", async () => {
    const x = await recognising();
    x.server.refuseAlerts = "The deployment is closed.";
    x.workers[0].emit(
      "result",
      result([
        {
          type: "match",
          trackId: 1,
          entryId: "e-blue",
          firstSeen: 0,
          best: { frameId: 1, box: { x: 0, y: 0, width: 10, height: 10 }, score: 0.9, timestamp: 0 },
        } as never,
      ]),
    );
    await until(() => expect(x.session.getState().stats.lastRefusal).toBe("The deployment is closed."));
    await vi.advanceTimersByTimeAsync(3000);
    expect(x.server.posted.filter((p) => p.url === "/api/alerts")).toHaveLength(1);
  });

  it("counts faces per minute, never the faces themselves, with the scope version", async () => {
    const x = await recognising();
    x.workers[0].emit("result", result([{ type: "track-ended", trackId: 1 } as never, { type: "track-ended", trackId: 2 } as never]));
    expect(x.session.getState().stats.faces).toBe(2);
    await vi.advanceTimersByTimeAsync(5100);
    const posted = x.server.posted.find((p) => p.url === "/api/live/face-counts")!;
    expect(posted.body).toMatchObject({ deploymentId: DEP, cameraId: CAM, scopeVersion: 1 });
    expect((posted.body.counts as { faces: number }[])[0].faces).toBe(2);
  });

  it("sends face boxes to watching viewers and pauses while a viewer has taken recognition over", async () => {
    const x = await recognising();
    const watcher = fakeChannel();
    const taker = fakeChannel();
    x.viewer()(watcher);
    x.viewer()(taker);
    expect(x.session.getState().stats.viewers).toBe(2);
    expect(x.loops[0].opts.paused()).toBe(false);
    taker.onmessage!({ data: JSON.stringify({ type: "takeover" }) });
    expect(x.session.getState().pausedBy).toBe(1);
    expect(x.loops[0].opts.paused()).toBe(true);
    x.workers[0].emit("result", result([]));
    expect(watcher.sent).toHaveLength(1);
    expect(taker.sent).toHaveLength(0);
    // The taker's lease runs out when it stops renewing.
    await vi.advanceTimersByTimeAsync(7000);
    expect(x.session.getState().pausedBy).toBe(0);
    expect(x.loops[0].opts.paused()).toBe(false);
  });

  it("holds the frame loop to the requested rate", async () => {
    const x = await recognising({ maxFps: 2 });
    expect(x.loops[0].opts.minIntervalMs).toBe(500);
    expect(x.session.getState().maxFps).toBe(2);
  });

  it("a deployment already stopped when the page opens says why instead of recognising", async () => {
    s = setUp();
    const x = s;
    x.server.change({ status: "AUTHORISED" }); // keep it listed
    // It closes while the camera opens: the scope read after the picture says stopped.
    x.server.status = "EXPIRED";
    x.server.stoppedReason = "The deployment window ended at 18:00.";
    await until(() => expect(x.session.getState().phase).toBe("stopped"));
    expect(x.session.getState().stoppedReason).toBe("The deployment window ended at 18:00.");
    expect(x.workers).toHaveLength(0);
  });

  it("works against a server without the scope route (no mismatch claimed, events still followed)", async () => {
    s = setUp();
    const x = s;
    x.server.hasScopeRoute = false;
    await until(() => expect(x.session.getState().phase).toBe("recognising"));
    expect(x.session.getState().server).toBeNull();
    expect(x.session.getState().mismatch).toBeNull();
    x.publish(x.server.change({ status: "LIVE" }));
    await until(() => expect(x.session.getState().held?.kind).toBe("full"));
  });

  it("stop() releases everything", async () => {
    const x = await recognising();
    x.session.stop();
    expect(x.workers[0].disposed).toBe(true);
    expect(x.loops[0].stopped).toBe(true);
    expect(x.tracks[0].stopped).toBe(true);
    expect(x.events()).toBeNull();
    s = null;
  });
});

export type { StationSession };
