/**
 * Page-side client of the recognition worker. No React and no server imports, so it is safe to
 * use from client components. It spawns `/workers/recognition.js` as a module worker, turns
 * requests into promises and responses into events, keeps at most one frame in flight (extra
 * frames are dropped on the page, never queued), restarts the worker when it crashes or stops
 * answering, and terminates it on `dispose()`.
 *
 * The constructor starts a Worker (or takes over the one `prestartScript` started), so
 * create the client in an effect (not during render or on the server) and call `dispose()` in the
 * effect's cleanup.
 */
import type {
  BenchResultMessage,
  DroppedMessage,
  EnrolledMessage,
  EnrolRejectedMessage,
  EnrolMessage,
  ErrorMessage,
  FrameImage,
  GalleryPayload,
  GalleryReadyMessage,
  LoadMessage,
  PrepareMessage,
  ProgressMessage,
  ReadyMessage,
  ResultMessage,
  WorkerRequest,
  WorkerResponse,
} from "./protocol";
import { sameRuntimeOptions, transferablesOf } from "./protocol";

/** The part of `Worker` the client uses (lets tests pass a fake). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent | Event) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export interface RecognitionClientOptions {
  workerUrl?: string;
  createWorker?: () => WorkerLike;
  /** Restarts allowed within one minute before giving up (default 3). */
  maxRestarts?: number;
  /** A frame unanswered for this long means the worker is stuck: it is restarted (default 15 s). */
  frameTimeoutMs?: number;
}

export interface ClientEvents {
  progress: ProgressMessage;
  ready: ReadyMessage;
  result: ResultMessage;
  dropped: DroppedMessage | { type: "dropped"; frameId: number; reason: "in_flight" };
  error: ErrorMessage;
  restarted: { reason: string; attempt: number };
  crashed: { reason: string };
}

type Listener<K extends keyof ClientEvents> = (event: ClientEvents[K]) => void;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WorkerRequestError extends Error {
  constructor(readonly detail: ErrorMessage | { code: "worker_restarted" | "disposed"; message: string }) {
    super(detail.message);
    this.name = "WorkerRequestError";
  }
}

function releaseImage(image: FrameImage): void {
  try {
    if (image.kind === "bitmap") image.bitmap.close();
    else if (image.kind === "videoFrame") image.frame.close();
  } catch {
    // already closed
  }
}

export const DEFAULT_WORKER_URL = "/workers/recognition.js";

const spawnWorker = (url: string): WorkerLike => new Worker(url, { type: "module", name: "vigil-recognition" }) as unknown as WorkerLike;

/** A prestarted worker waits this long for a client, then is terminated. */
export const PRESTART_UNCLAIMED_MS = 30_000;

/** The worker waiting for a client, on the page's global object, where `prestartScript` puts it. */
export const PRESTART_KEY = "__vigilRecognitionPrestart";

interface Prestarted {
  url: string;
  worker: WorkerLike;
  prepare: Omit<PrepareMessage, "type">;
  timer: ReturnType<typeof setTimeout>;
}
type PrestartGlobal = { [PRESTART_KEY]?: Prestarted | null };
const registry = () => globalThis as unknown as PrestartGlobal;

/** JSON that is safe inside an HTML <script> element. */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

/**
 * An inline script for a page's HTML (components/recognition/prestart-recognition.tsx) that starts
 * the recognition worker as the HTML is parsed, before the page's JavaScript has loaded (on this
 * machine's first visit, about 0.6 s before a client component's module would run), and has it
 * start its runtime and fetch the models (`prepare`). The first `RecognitionClient` for the same
 * worker URL takes the worker over (`takePrestarted`); its first `load` keeps it when the runtime
 * options are those prepared, else replaces it with a fresh one. A worker that fails to start, or
 * that no client claims within PRESTART_UNCLAIMED_MS, is terminated. Does nothing where there are
 * no workers or when a worker is already waiting.
 */
export function prestartScript(prepare: Omit<PrepareMessage, "type">, workerUrl = DEFAULT_WORKER_URL): string {
  return `(function(){try{var g=window,k=${scriptJson(PRESTART_KEY)},u=${scriptJson(workerUrl)},p=${scriptJson(prepare)};if(g[k]||typeof Worker==="undefined")return;\
var w=new Worker(u,{type:"module",name:"vigil-recognition"}),e={url:u,worker:w,prepare:p,timer:0};\
var drop=function(){if(g[k]!==e)return;g[k]=null;clearTimeout(e.timer);w.onerror=null;w.terminate()};\
e.timer=setTimeout(drop,${PRESTART_UNCLAIMED_MS});w.onerror=function(ev){ev.preventDefault();drop()};\
w.postMessage(Object.assign({type:"prepare"},p));g[k]=e}catch(x){}})();`;
}

/** The prestarted worker for `url`, handed over (its timer stopped), or null. */
function takePrestarted(url: string): Prestarted | null {
  const p = registry()[PRESTART_KEY];
  if (!p || p.url !== url) return null;
  clearTimeout(p.timer);
  p.worker.onerror = null;
  registry()[PRESTART_KEY] = null;
  return p;
}

export class RecognitionClient {
  private worker: WorkerLike | null = null;
  private readonly listeners = new Map<keyof ClientEvents, Set<Listener<never>>>();
  private readonly pending = new Map<number, Pending>();
  private loadPending: Pending | null = null;
  private lastLoad: Omit<LoadMessage, "type"> | null = null;
  private nextRequestId = 1;
  private nextFrameId = 1;
  private inFlight: { frameId: number; timer: ReturnType<typeof setTimeout> } | null = null;
  private restarts: number[] = [];
  private disposed = false;
  /** What the worker was prepared with, when it is a prestarted one no load has used yet. */
  private prepared: Omit<PrepareMessage, "type"> | null = null;
  private readonly opts: Required<Pick<RecognitionClientOptions, "maxRestarts" | "frameTimeoutMs">> & RecognitionClientOptions;

  constructor(options: RecognitionClientOptions = {}) {
    this.opts = { maxRestarts: 3, frameTimeoutMs: 15_000, ...options };
    const pre = takePrestarted(this.opts.workerUrl ?? DEFAULT_WORKER_URL);
    this.prepared = pre?.prepare ?? null;
    this.spawn(pre?.worker);
  }

  /** True when this client took over a prestarted worker that no load has used yet. */
  get usesPreparedWorker(): boolean {
    return this.prepared !== null;
  }

  /** True while a frame is being processed. */
  get frameInFlight(): boolean {
    return this.inFlight !== null;
  }

  on<K extends keyof ClientEvents>(type: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener as Listener<never>);
    return () => set!.delete(listener as Listener<never>);
  }

  /** Loads the models (and optionally a gallery); resolves on `ready`, rejects on a load error. */
  load(request: Omit<LoadMessage, "type">): Promise<ReadyMessage> {
    this.assertAlive();
    this.lastLoad = request;
    this.loadPending?.reject(new WorkerRequestError({ code: "worker_restarted", message: "superseded by a new load" }));
    // A prestarted worker's runtime is configured once, as prepared: another configuration needs a fresh worker.
    if (this.prepared && !sameRuntimeOptions(this.prepared, request)) {
      this.teardown(new WorkerRequestError({ code: "worker_restarted", message: "superseded by a new load" }));
      this.spawn();
    }
    this.prepared = null;
    return new Promise<ReadyMessage>((resolve, reject) => {
      this.loadPending = { resolve: resolve as (v: unknown) => void, reject };
      this.post({ type: "load", ...request });
    });
  }

  /**
   * Sends a frame (transferred) unless one is still being processed; then the frame is dropped
   * here, its bitmap/video frame closed, and null returned. Results arrive as `result` events.
   */
  sendFrame(image: FrameImage, timestamp = performance.now(), opts: { returnEmbeddings?: boolean } = {}): number | null {
    this.assertAlive();
    const frameId = this.nextFrameId++;
    if (this.inFlight) {
      releaseImage(image);
      this.emit("dropped", { type: "dropped", frameId, reason: "in_flight" });
      return null;
    }
    const timer = setTimeout(() => this.restart(`frame ${frameId} unanswered for ${this.opts.frameTimeoutMs} ms`), this.opts.frameTimeoutMs);
    this.inFlight = { frameId, timer };
    this.post({ type: "frame", frameId, timestamp, image, returnEmbeddings: opts.returnEmbeddings }, transferablesOf(image));
    return frameId;
  }

  /** Replaces the watchlist (copied, so the page keeps its gallery and a restart can resend it). */
  setGallery(gallery: GalleryPayload, threshold?: number): Promise<GalleryReadyMessage> {
    if (this.lastLoad) this.lastLoad = { ...this.lastLoad, gallery, ...(threshold !== undefined ? { threshold } : {}) };
    return this.request<GalleryReadyMessage>((requestId) => ({ type: "setGallery", requestId, gallery, threshold }));
  }

  enrol(image: FrameImage, opts: Omit<EnrolMessage, "type" | "requestId" | "image"> = {}): Promise<EnrolledMessage | EnrolRejectedMessage> {
    return this.request((requestId) => ({ type: "enrol", requestId, image, ...opts }), transferablesOf(image));
  }

  bench(image: FrameImage, runs = 20, matchSizes: number[] = []): Promise<BenchResultMessage> {
    return this.request((requestId) => ({ type: "bench", requestId, image, runs, matchSizes }), transferablesOf(image));
  }

  /** Asks the worker to release its models, then terminates it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.worker?.postMessage({ type: "dispose" }, []);
    } catch {
      // already gone
    }
    this.teardown(new WorkerRequestError({ code: "disposed", message: "recognition client disposed" }));
    this.listeners.clear();
  }

  // -------------------------------------------------------------------------------------------

  private assertAlive(): void {
    if (this.disposed) throw new WorkerRequestError({ code: "disposed", message: "recognition client disposed" });
  }

  private request<T>(build: (requestId: number) => WorkerRequest, transfer: Transferable[] = []): Promise<T> {
    this.assertAlive();
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      this.post(build(requestId), transfer);
    });
  }

  private post(message: WorkerRequest, transfer: Transferable[] = []): void {
    if (!this.worker) throw new WorkerRequestError({ code: "worker_restarted", message: "no worker" });
    this.worker.postMessage(message, transfer);
  }

  private emit<K extends keyof ClientEvents>(type: K, event: ClientEvents[K]): void {
    for (const l of this.listeners.get(type) ?? []) {
      try {
        (l as Listener<K>)(event);
      } catch (e) {
        console.error("recognition client listener failed", e);
      }
    }
  }

  private spawn(prestartedWorker?: WorkerLike): void {
    const w: WorkerLike = prestartedWorker ?? (this.opts.createWorker ? this.opts.createWorker() : spawnWorker(this.opts.workerUrl ?? DEFAULT_WORKER_URL));
    w.onmessage = (e: MessageEvent) => this.onMessage(e.data as WorkerResponse);
    w.onerror = (e: ErrorEvent | Event) => {
      (e as Event).preventDefault?.();
      this.restart(`worker error: ${(e as ErrorEvent).message ?? "unknown"}`);
    };
    w.onmessageerror = () => this.restart("worker message could not be deserialised");
    this.worker = w;
  }

  private clearFrame(frameId?: number): void {
    if (this.inFlight && (frameId === undefined || this.inFlight.frameId === frameId)) {
      clearTimeout(this.inFlight.timer);
      this.inFlight = null;
    }
  }

  private settle(requestId: number | undefined, fn: (p: Pending) => void): void {
    if (requestId === undefined) return;
    const p = this.pending.get(requestId);
    if (p) {
      this.pending.delete(requestId);
      fn(p);
    }
  }

  private onMessage(m: WorkerResponse): void {
    switch (m.type) {
      case "progress":
        this.emit("progress", m);
        return;
      case "ready":
        this.loadPending?.resolve(m);
        this.loadPending = null;
        this.emit("ready", m);
        return;
      case "result":
        this.clearFrame(m.frameId);
        this.emit("result", m);
        return;
      case "dropped":
        this.clearFrame(m.frameId);
        this.emit("dropped", m);
        return;
      case "galleryReady":
      case "enrolled":
      case "enrolRejected":
      case "benchResult":
        this.settle(m.requestId, (p) => p.resolve(m));
        return;
      case "error":
        if (m.frameId !== undefined) this.clearFrame(m.frameId);
        if (m.op === "load") {
          this.loadPending?.reject(new WorkerRequestError(m));
          this.loadPending = null;
        }
        this.settle(m.requestId, (p) => p.reject(new WorkerRequestError(m)));
        this.emit("error", m);
        return;
      case "disposed":
        return;
    }
  }

  private teardown(error: WorkerRequestError): void {
    this.clearFrame();
    this.loadPending?.reject(error);
    this.loadPending = null;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.onmessageerror = null;
      this.worker.terminate();
      this.worker = null;
    }
  }

  private restart(reason: string): void {
    if (this.disposed) return;
    this.teardown(new WorkerRequestError({ code: "worker_restarted", message: `recognition worker restarted: ${reason}` }));
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 60_000);
    if (this.restarts.length >= this.opts.maxRestarts) {
      this.emit("crashed", { reason });
      return;
    }
    this.restarts.push(now);
    this.prepared = null;
    this.spawn();
    this.emit("restarted", { reason, attempt: this.restarts.length });
    if (this.lastLoad) {
      // Reload silently; the page hears `ready` again (or `error`).
      this.loadPending = null;
      this.post({ type: "load", ...this.lastLoad });
    }
  }
}
