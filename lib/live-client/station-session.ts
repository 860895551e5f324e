/**
 * A camera station as a unit: picture source, signalling to the control room, the gallery in
 * force, the recognition worker, the frame loop, match crops, the durable outbox and per-minute
 * counts, and the deployment's lifecycle as the server announces it. No React and no DOM access
 * of its own: every input and output is injected (`StationDeps`), so the whole unit runs in Node
 * tests with fakes, and the page (components/station/camera-station.tsx) only renders `state`.
 *
 * Lifecycle: the session subscribes to the deployment's live stream and acts on
 * `deployment.changed` (self-test → live, threshold, snapshot: it fetches the gallery in force and
 * swaps it into the worker without a reload; closed/cancelled/expired: it stops recognising and
 * publishing, and says why). It also re-reads the scope when the stream (re)opens and every
 * `scopePollMs`, so a missed event cannot leave it searching a stale gallery; when what it holds
 * differs from what the server says is in force, `state.mismatch` says how.
 *
 * Only match events (with a small face crop) and per-minute counts ever leave the station; every
 * other face is dropped in memory.
 */
import { readApiError } from "@/lib/client/api";
import type { ClientEvents } from "@/lib/recognition/worker/recognition-client";
import type { GalleryPayload, GalleryReadyMessage, LoadMessage, ReadyMessage, ResultMessage } from "@/lib/recognition/worker/protocol";
import type { Box } from "@/lib/recognition/types";
import { benchHook } from "./bench-hook";
import { parseFaceMessage, type FaceChannelMessage } from "./face-channel";
import { toGalleryPayload, type GalleryResponse } from "./gallery";
import { GALLERY_MEDIA_TYPE } from "@/lib/deployments/snapshot-format";
import { GalleryIntegrityError, readGalleryStream, type GalleryLoadProgress } from "./gallery-stream";
import type { LiveEventHandlers } from "./live-events";
import { blobToBase64, countFace, matchEventBody, stationTrackId } from "./match-event";
import { flushOutbox, type OutboxStore } from "./outbox";
import { heldScopeOf, parseDeploymentChanged, parseScope, scopeMismatch, type GalleryScopeInfo, type HeldScope, type ServerScope } from "./scope";

/** Where this station's picture comes from. */
export type StationMode = "camera" | "whep" | "takeover";

export type StationPhase = "starting" | "recognising" | "stopped" | "crashed" | "failed";

export interface StationStats {
  frames: number;
  fps: number;
  faces: number;
  matches: number;
  pending: number;
  viewers: number;
  lastRefusal: string;
}

export interface StationState {
  phase: StationPhase;
  /** One line for the status line ("Recognising" while recognising). */
  status: string;
  error: string | null;
  signalError: string | null;
  /** The recognition worker restarted or reported an error it recovered from. */
  workerNotice: string | null;
  /** Why the station stopped (deployment closed, window ended…). */
  stoppedReason: string | null;
  info: { deploymentId: string; deployment: string; camera: string; mode: StationMode; backend?: string; modelLoadMs?: number } | null;
  /** What this station searches. */
  held: HeldScope | null;
  /** What the server says is in force (null until known, or with a server that has no scope route). */
  server: ServerScope | null;
  /** How the two differ (null when they agree). */
  mismatch: string | null;
  /** The gallery is being swapped for a new scope. */
  switching: boolean;
  /** The gallery download in progress (bytes, chunks, entries), null when none is. */
  galleryLoad: GalleryLoadProgress | null;
  /** Browsers that took recognition over (this station only publishes while > 0). */
  pausedBy: number;
  /** Frames per second the worker is held to (null: as fast as it goes). */
  maxFps: number | null;
  stats: StationStats;
}

/** The part of an RTCDataChannel the station uses. */
export interface ChannelLike {
  readonly readyState: string;
  send(data: string): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
}

export interface PeerLike {
  close(): void;
  addEventListener(type: "connectionstatechange", fn: () => void): void;
  readonly connectionState: string;
}

/** The part of RecognitionClient the station uses. */
export interface RecognitionLike {
  readonly frameInFlight: boolean;
  on<K extends keyof ClientEvents>(type: K, listener: (event: ClientEvents[K]) => void): () => void;
  load(request: Omit<LoadMessage, "type">): Promise<ReadyMessage>;
  setGallery(gallery: GalleryPayload, threshold?: number): Promise<GalleryReadyMessage>;
  dispose(): void;
}

export interface FrameLoopLike {
  crop(frameId: number, box: Box): Promise<Blob>;
  stop(): void;
}

export interface LiveDeploymentRow {
  id: string;
  reference: string;
  status: string;
  cameras: { id: string; name: string; source: string; whepUrl: string | null }[];
}

export interface StationDeps {
  fetch: typeof fetch;
  getUserMedia(): Promise<MediaStream>;
  viewWhep(cameraId: string, onTrack: (s: MediaStream) => void): Promise<PeerLike>;
  viewCamera(cameraId: string, onTrack: (s: MediaStream) => void): Promise<{ pc: PeerLike; channel: ChannelLike }>;
  serveViewers(cameraId: string, stream: MediaStream, onChannel: (ch: ChannelLike) => void, onError: (e: Error | null) => void): () => void;
  /** Shows the picture on the page (and plays it); the frame loop reads from there. */
  showPicture(stream: MediaStream): Promise<void>;
  createRecognition(): RecognitionLike;
  modelUrls: LoadMessage["models"];
  startFrameLoop(client: RecognitionLike, opts: { paused: () => boolean; minIntervalMs: number }): FrameLoopLike;
  outbox: OutboxStore;
  subscribe(deploymentId: string, handlers: LiveEventHandlers): () => void;
  /** Called when the browser comes back online; returns a remover. */
  onOnline?(fn: () => void): () => void;
  /** A pulled stream that dropped: reload the page (the browser's own back-off). */
  reload(): void;
  now?: () => number;
  /** Re-read the scope this often (default 10 s) in case an event was missed. */
  scopePollMs?: number;
}

export interface StationOptions {
  cameraId: string;
  takeover?: boolean;
  /** Hold the worker to this many frames per second (tests and benchmarks: `?fps=2`). */
  maxFps?: number | null;
}

export interface StationSession {
  getState(): StationState;
  subscribe(listener: (s: StationState) => void): () => void;
  /** After a worker crash: a fresh worker with the gallery in force. */
  restartRecognition(): Promise<void>;
  stop(): void;
}

/** The gallery a station holds: the matcher's packed form and what it says about itself. */
interface StationGallery {
  threshold: number;
  modelId: string;
  modelVersion: string;
  payload: GalleryPayload;
  labels: Map<string, string>;
  scopeInfo: GalleryScopeInfo;
}

/** A browser that took recognition over must renew its claim within this time. */
export const TAKEOVER_LEASE_MS = 5000;
const FLUSH_MS = 1000;
const COUNTS_MS = 5000;

const INITIAL: StationState = {
  phase: "starting",
  status: "Starting…",
  error: null,
  signalError: null,
  workerNotice: null,
  stoppedReason: null,
  info: null,
  held: null,
  server: null,
  mismatch: null,
  switching: false,
  galleryLoad: null,
  pausedBy: 0,
  maxFps: null,
  stats: { frames: 0, fps: 0, faces: 0, matches: 0, pending: 0, viewers: 0, lastRefusal: "" },
};

async function errorMessage(res: Response, fallback: string): Promise<string> {
  return (await readApiError(res, fallback)).message;
}

export function stoppedReasonOf(scope: ServerScope): string {
  return scope.stoppedReason ?? `The deployment is ${scope.status.toLowerCase()}.`;
}

export function startStationSession(deps: StationDeps, opts: StationOptions): StationSession {
  const now = deps.now ?? (() => performance.now());
  const maxFps = opts.maxFps && opts.maxFps > 0 ? opts.maxFps : null;
  let state: StationState = { ...INITIAL, maxFps };
  const listeners = new Set<(s: StationState) => void>();
  const set = (patch: Partial<StationState> | ((s: StationState) => Partial<StationState>)) => {
    state = { ...state, ...(typeof patch === "function" ? patch(state) : patch) };
    for (const l of listeners) l(state);
  };
  const bump = (patch: Partial<StationStats> | ((s: StationStats) => Partial<StationStats>)) =>
    set((s) => ({ stats: { ...s.stats, ...(typeof patch === "function" ? patch(s.stats) : patch) } }));

  let disposed = false;
  let stopped = false;
  const cleanups: (() => void)[] = [];
  const pictureCleanups: (() => void)[] = [];
  const viewers = new Set<ChannelLike>();
  /** Viewers that took recognition over, with when they last said so (a lease renewed every second). */
  const takers = new Map<ChannelLike, number>();
  let upstream: ChannelLike | null = null;
  const sessionTag = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
  const counts = new Map<string, number>();

  let deployment: LiveDeploymentRow | null = null;
  let gallery: StationGallery | null = null;
  let labels = new Map<string, string>();
  let client: RecognitionLike | null = null;
  /** The back end the worker reported (sent with the counts, for the server's metrics). */
  let backendName: string | null = null;
  let loop: FrameLoopLike | null = null;
  let recognitionRun = 0;
  /**
   * Each worker (a new run, or a restart after a crash) numbers its tracks from 1 again, so track ids
   * are only unique per worker generation: the match event's key carries it, or a new pass would
   * reuse an earlier pass's key and the server would take it for a copy of that event.
   */
  let workerGeneration = 0;

  // ---- viewers and take-over -------------------------------------------------------------------

  /** Face boxes to every viewer that only watches (and, when taken over, back to the station). */
  const sendFaces = (message: string) => {
    for (const ch of viewers) if (!takers.has(ch) && ch.readyState === "open") ch.send(message);
    if (upstream?.readyState === "open") upstream.send(message);
  };

  const onViewerChannel = (ch: ChannelLike) => {
    viewers.add(ch);
    bump((s) => ({ viewers: s.viewers + 1 }));
    ch.onmessage = (e) => {
      const msg = parseFaceMessage(e.data);
      if (msg?.type === "takeover") {
        takers.set(ch, now());
        set({ pausedBy: takers.size });
      } else if (msg?.type === "faces" && takers.has(ch)) sendFaces(JSON.stringify(msg));
    };
    ch.onclose = () => {
      viewers.delete(ch);
      if (takers.delete(ch)) set({ pausedBy: takers.size });
      bump((s) => ({ viewers: Math.max(0, s.viewers - 1) }));
    };
  };

  const every = (ms: number, fn: () => void) => {
    const t = setInterval(fn, ms);
    cleanups.push(() => clearInterval(t));
  };

  // A taker that stops renewing its claim (hung, or its channel not yet seen as closed) lets go.
  every(1000, () => {
    const t = now();
    for (const [ch, at] of takers) if (t - at > TAKEOVER_LEASE_MS) takers.delete(ch);
    if (state.pausedBy !== takers.size) set({ pausedBy: takers.size });
  });

  // ---- picture source --------------------------------------------------------------------------

  function watchUpstream(pc: PeerLike) {
    pc.addEventListener("connectionstatechange", () => {
      if (disposed || stopped || (pc.connectionState !== "failed" && pc.connectionState !== "closed")) return;
      set({ status: "Stream lost; reconnecting in 5 s…" });
      const t = setTimeout(() => !disposed && !stopped && deps.reload(), 5000);
      cleanups.push(() => clearTimeout(t));
    });
  }

  async function openSource(cameraId: string, mode: StationMode): Promise<MediaStream> {
    if (mode === "camera") {
      set({ status: "Opening the camera…" });
      const stream = await deps.getUserMedia();
      pictureCleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
      return stream;
    }
    set({ status: mode === "whep" ? "Connecting to the WHEP gateway…" : "Connecting to the camera station…" });
    let resolveStream!: (s: MediaStream) => void;
    const arrived = new Promise<MediaStream>((r) => (resolveStream = r));
    if (mode === "whep") {
      const pc = await deps.viewWhep(cameraId, resolveStream);
      pictureCleanups.push(() => pc.close());
      watchUpstream(pc);
    } else {
      const { pc, channel } = await deps.viewCamera(cameraId, resolveStream);
      pictureCleanups.push(() => pc.close());
      upstream = channel;
      // The data channel is unreliable (face boxes are perishable), so the claim is repeated.
      const claim = setInterval(() => channel.readyState === "open" && channel.send(JSON.stringify({ type: "takeover" } satisfies FaceChannelMessage)), 1000);
      pictureCleanups.push(() => clearInterval(claim));
      watchUpstream(pc);
    }
    return arrived;
  }

  // ---- scope and gallery -----------------------------------------------------------------------

  /** The scope in force, or null when it cannot be read now (or the server has no scope route yet). */
  async function fetchScope(): Promise<ServerScope | null> {
    if (!deployment) return null;
    const res = await deps.fetch(`/api/live/deployments/${deployment.id}/scope`).catch(() => null);
    if (!res?.ok) return null;
    return parseScope(await res.json().catch(() => null));
  }

  /**
   * The gallery in force. Asks for the binary stream (typed arrays straight into the matcher, every
   * chunk and the root hash verified, progress shown); a server that answers JSON is still understood.
   */
  async function fetchGallery(): Promise<StationGallery> {
    const res = await deps.fetch(`/api/live/deployments/${deployment!.id}/gallery`, { headers: { accept: `${GALLERY_MEDIA_TYPE}, application/json;q=0.5` } });
    if (!res.ok) throw Object.assign(new Error(await errorMessage(res, `Could not load the watchlist (HTTP ${res.status}).`)), { status: res.status });
    if (!(res.headers.get("content-type") ?? "").startsWith(GALLERY_MEDIA_TYPE) || !res.body) {
      const g = (await res.json()) as GalleryResponse;
      return {
        threshold: g.threshold,
        modelId: g.modelId,
        modelVersion: g.modelVersion,
        payload: toGalleryPayload(g),
        labels: new Map(g.entries.map((e) => [e.id, e.subjectReference])),
        scopeInfo: g,
      };
    }
    try {
      const loaded = await readGalleryStream(res.body, { onProgress: (p) => set({ galleryLoad: p }) });
      const h = loaded.header;
      return {
        threshold: h.threshold,
        modelId: h.modelId,
        modelVersion: h.modelVersion,
        payload: loaded.payload,
        labels: loaded.labels,
        scopeInfo: { snapshotId: h.snapshotId, contentHash: h.contentHash, hash: h.contentHash, threshold: h.threshold, scope: h.scope, entries: [] },
      };
    } catch (e) {
      if (e instanceof GalleryIntegrityError) throw new Error(`The watchlist gallery failed its integrity check and was refused: ${e.message}`);
      throw e;
    } finally {
      set({ galleryLoad: null });
    }
  }

  function adopt(g: StationGallery) {
    gallery = g;
    labels = g.labels;
    const held = heldScopeOf(g.scopeInfo);
    // An older server does not say which scope version a gallery belongs to: the latest known.
    if (held.version === null && state.server) held.version = state.server.version;
    set((s) => ({ held, mismatch: scopeMismatch(held, s.server) }));
  }

  let reloading: Promise<void> | null = null;
  let reloadAgain = false;

  /** Fetches the gallery in force and swaps it into the worker (serialised; a change during a swap swaps again). */
  function reloadGallery(): Promise<void> {
    if (reloading) {
      reloadAgain = true;
      return reloading;
    }
    reloading = (async () => {
      set({ switching: true });
      try {
        do {
          reloadAgain = false;
          let g: StationGallery;
          try {
            g = await fetchGallery();
          } catch (e) {
            if ((e as { status?: number }).status === 409) {
              // Stopped between the event and the fetch: the scope says why.
              const scope = await fetchScope();
              if (scope) await applyScope(scope);
              else stopRecognising((e as Error).message);
              return;
            }
            throw e;
          }
          if (stopped) return;
          adopt(g);
          if (client && state.phase === "recognising") await client.setGallery(g.payload, g.threshold);
        } while (reloadAgain && !stopped);
      } catch (e) {
        set((s) => ({
          mismatch: s.mismatch ?? "the station could not load the gallery in force",
          error: `Could not switch the gallery: ${(e as Error).message}`,
        }));
      } finally {
        reloading = null;
        set({ switching: false });
      }
    })();
    return reloading;
  }

  /** The server's scope (from an event, the scope route, or a poll): stop, switch, or just compare. */
  async function applyScope(scope: ServerScope): Promise<void> {
    if (stopped || !deployment || scope.deploymentId !== deployment.id) return;
    const previous = state.server;
    if (previous && scope.version < previous.version) return; // an older message arriving late
    set((s) => ({ server: scope, mismatch: scopeMismatch(s.held, scope) }));
    if (scope.phase === "stopped") return stopRecognising(stoppedReasonOf(scope));
    const held = state.held;
    if (!held) return; // the first gallery is still loading; it will be compared when it lands
    if (scopeMismatch(held, scope) || (held.version !== null && held.version < scope.version)) await reloadGallery();
  }

  // ---- recognition -----------------------------------------------------------------------------

  function stopRecognition() {
    recognitionRun++;
    loop?.stop();
    loop = null;
    client?.dispose();
    client = null;
  }

  function stopRecognising(reason: string) {
    if (stopped) return;
    stopped = true;
    stopRecognition();
    // A stopped deployment neither recognises nor publishes its picture.
    for (const c of pictureCleanups.splice(0).reverse()) c();
    // It searches nothing any more: the scope it held is dropped, not shown as if still in force.
    set({ phase: "stopped", status: "Stopped", stoppedReason: reason, held: null, mismatch: null, switching: false, stats: { ...state.stats, fps: 0 } });
  }

  function onCrashed(reason: string) {
    if (stopped || disposed) return;
    stopRecognition();
    set({ phase: "crashed", status: "Recognition stopped: the recognition worker crashed", workerNotice: reason, stats: { ...state.stats, fps: 0 } });
  }

  async function startRecognition(): Promise<void> {
    const run = ++recognitionRun;
    workerGeneration++;
    set({ phase: "starting", status: "Loading the recognition models…", workerNotice: null });
    const c = deps.createRecognition();
    client = c;
    c.on("crashed", (e) => run === recognitionRun && onCrashed(e.reason));
    c.on("restarted", (e) => {
      workerGeneration++;
      if (run === recognitionRun) set({ workerNotice: `The recognition worker restarted (${e.reason}; attempt ${e.attempt}).` });
    });
    c.on("error", (e) => {
      if (run !== recognitionRun || e.op === "load") return;
      if (e.fatal) onCrashed(`${e.code}: ${e.message}`);
      else set({ workerNotice: `The recognition worker reported an error: ${e.message}` });
    });
    c.on("result", onResult);
    const g0 = gallery!;
    const started = now();
    const ready = await c.load({ models: deps.modelUrls, backend: "auto", threshold: g0.threshold, gallery: g0.payload });
    if (run !== recognitionRun || disposed || stopped) return;
    // The scope changed while the models loaded: swap in what is now in force.
    if (gallery !== g0) await c.setGallery(gallery!.payload, gallery!.threshold);
    if (run !== recognitionRun || disposed || stopped) return;
    backendName = ready.backend;
    set((s) => ({ info: s.info && { ...s.info, backend: `${ready.backend} × ${ready.numThreads}`, modelLoadMs: Math.round(now() - started) } }));
    loop = deps.startFrameLoop(c, { paused: () => takers.size > 0 || state.phase !== "recognising", minIntervalMs: maxFps ? 1000 / maxFps : 0 });
    set({ phase: "recognising", status: "Recognising" });
  }

  let processed = 0;
  const recent: number[] = [];
  function onResult(r: ResultMessage) {
    if (stopped) return;
    processed++;
    const t = now();
    recent.push(t);
    while (recent.length && t - recent[0] > 5000) recent.shift();
    const message: FaceChannelMessage = {
      type: "faces",
      w: r.width,
      h: r.height,
      faces: r.faces.map((f) => ({ ...f.box, label: f.match ? (labels.get(f.match.id) ?? "match") : null })),
    };
    sendFaces(JSON.stringify(message));
    for (const ev of r.events) {
      if (ev.type === "track-ended") {
        countFace(counts, new Date());
        bump((s) => ({ faces: s.faces + 1 }));
      }
      if (ev.type === "match") {
        benchHook()?.matches.push({ subject: labels.get(ev.entryId) ?? ev.entryId, firstSeenAt: performance.timeOrigin + ev.firstSeen, emittedAt: Date.now() });
        const l = loop;
        if (l) void enqueueMatch(l, ev.entryId, ev.trackId, ev.best).catch((e: Error) => set({ error: `Could not queue a match event: ${e.message}` }));
      }
    }
    const span = recent.length > 1 ? (recent[recent.length - 1] - recent[0]) / 1000 : 0;
    bump({ frames: processed, fps: span > 0 ? Math.round(((recent.length - 1) / span) * 10) / 10 : 0 });
  }

  async function enqueueMatch(l: FrameLoopLike, entryId: string, trackId: number, best: { frameId: number; box: Box; score: number; timestamp: number }) {
    const g = gallery!;
    const scopeVersion = state.held?.version ?? undefined;
    const probe = await l.crop(best.frameId, best.box);
    const body = matchEventBody({
      deploymentId: deployment!.id,
      cameraId: opts.cameraId,
      entryId,
      similarity: best.score,
      thresholdInForce: g.threshold,
      modelId: g.modelId,
      modelVersion: g.modelVersion,
      trackId: stationTrackId(`${sessionTag}.${workerGeneration}`, trackId),
      capturedAt: new Date(performance.timeOrigin + best.timestamp).toISOString(),
      probeJpeg: await blobToBase64(probe),
      ...(scopeVersion !== undefined ? { scopeVersion } : {}),
    });
    // Durable first, then sent: a crash or outage between the two loses nothing.
    await deps.outbox.put({ key: body.idempotencyKey, url: "/api/alerts", attempts: 0, nextAttemptAt: 0, body });
    bump((s) => ({ matches: s.matches + 1 }));
    void flush();
  }

  // ---- outbox and counts -----------------------------------------------------------------------

  let flushing = false;
  let flushAgain = false;
  async function flush(): Promise<void> {
    // A new event during a flush is sent right after it, not at the next tick.
    if (flushing) {
      flushAgain = true;
      return;
    }
    flushing = true;
    try {
      do {
        flushAgain = false;
        const pending = await flushOutbox(
          (_item, outcome, detail) => {
            if (outcome === "refused") bump({ lastRefusal: detail ?? "refused" });
          },
          { store: deps.outbox, fetch: deps.fetch },
        );
        if (!disposed) bump({ pending });
      } while (flushAgain && !disposed);
    } catch (e) {
      if (!disposed) set({ error: `Outbox: ${(e as Error).message}` });
    } finally {
      flushing = false;
    }
  }

  async function postCounts() {
    if (!counts.size || !deployment) return;
    const batch = [...counts.entries()].map(([minute, faces]) => ({ minute, faces }));
    counts.clear();
    const scopeVersion = state.held?.version ?? undefined;
    const ok = await deps
      .fetch("/api/live/face-counts", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          deploymentId: deployment.id,
          cameraId: opts.cameraId,
          counts: batch,
          ...(scopeVersion !== undefined ? { scopeVersion } : {}),
          ...(backendName ? { station: { fps: state.stats.fps, backend: backendName } } : {}),
        }),
      })
      .then((r) => r.ok)
      .catch(() => false);
    if (!ok) for (const c of batch) counts.set(c.minute, (counts.get(c.minute) ?? 0) + c.faces);
  }

  // ---- start -----------------------------------------------------------------------------------

  async function start() {
    const res = await deps.fetch("/api/live/deployments");
    if (!res.ok) throw new Error(`Could not load deployments (${res.status}).`);
    const { deployments } = (await res.json()) as { deployments: LiveDeploymentRow[] };
    const d = deployments.find((x) => x.cameras.some((c) => c.id === opts.cameraId));
    if (!d) throw new Error("This camera does not belong to a deployment that is live or in its self-test.");
    deployment = d;
    const camera = d.cameras.find((c) => c.id === opts.cameraId)!;
    const mode: StationMode = opts.takeover ? "takeover" : camera.source === "WHEP" ? "whep" : "camera";
    set({ info: { deploymentId: d.id, deployment: d.reference, camera: camera.name, mode } });

    // The lifecycle first, so that no change during start-up is missed.
    cleanups.push(
      deps.subscribe(d.id, {
        onEvent: (type, data) => {
          if (type !== "deployment.changed") return;
          const changed = parseDeploymentChanged(data);
          if (changed) void applyScope(changed.scope).catch(() => {});
        },
        onStatus: () => {},
        // After a (re)connect, re-read the scope: events may have been missed meanwhile.
        onOpen: () =>
          void fetchScope()
            .then((s) => s && applyScope(s))
            .catch(() => {}),
      }),
    );

    const stream = await openSource(opts.cameraId, mode);
    if (disposed || stopped) return;
    await deps.showPicture(stream);
    // A browser that took recognition over does not publish; the station it pulls from does.
    if (mode !== "takeover")
      pictureCleanups.push(deps.serveViewers(opts.cameraId, stream, onViewerChannel, (e) => set({ signalError: e ? `Signalling: ${e.message}` : null })));

    set({ status: "Loading the watchlist snapshot…" });
    const scope = await fetchScope();
    if (scope) await applyScope(scope);
    if (stopped || disposed) return;
    let g: StationGallery;
    try {
      g = await fetchGallery();
    } catch (e) {
      if ((e as { status?: number }).status === 409) {
        const s = await fetchScope();
        if (s?.phase === "stopped") return stopRecognising(stoppedReasonOf(s));
      }
      throw e;
    }
    adopt(g);
    await startRecognition();

    every(FLUSH_MS, () => void flush());
    every(COUNTS_MS, () => void postCounts());
    every(
      deps.scopePollMs ?? 10_000,
      () =>
        void fetchScope()
          .then((s) => s && applyScope(s))
          .catch(() => {}),
    );
    if (deps.onOnline) cleanups.push(deps.onOnline(() => void flush()));
    void flush();
  }

  start().catch((e: Error) => {
    if (disposed) return;
    set({ phase: "failed", status: "Stopped", error: e.message });
  });

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async restartRecognition() {
      if (disposed || stopped || !gallery || (state.phase !== "crashed" && state.phase !== "failed")) return;
      stopRecognition();
      try {
        await startRecognition();
      } catch (e) {
        if (!disposed) set({ phase: "crashed", status: "Recognition stopped: the recognition worker crashed", workerNotice: (e as Error).message });
      }
    },
    stop() {
      disposed = true;
      stopRecognition();
      for (const c of pictureCleanups.splice(0).reverse()) c();
      for (const c of cleanups.splice(0).reverse()) c();
      listeners.clear();
    },
  };
}
