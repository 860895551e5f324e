"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { defaultModelUrls } from "@/lib/recognition/models";
import type { ResultMessage } from "@/lib/recognition/worker/protocol";
import { RecognitionClient } from "@/lib/recognition/worker/recognition-client";
import { benchHook } from "@/lib/live-client/bench-hook";
import { parseFaceMessage, type FaceChannelMessage } from "@/lib/live-client/face-channel";
import { startFrameLoop } from "@/lib/live-client/frame-loop";
import { toGalleryPayload, type GalleryResponse } from "@/lib/live-client/gallery";
import { blobToBase64, countFace, matchEventBody, stationTrackId } from "@/lib/live-client/match-event";
import { flushOutbox, outbox } from "@/lib/live-client/outbox";
import { serveViewers, viewCamera, viewWhep } from "@/lib/live-client/rtc";
import "@/components/live/live.css";

interface LiveDeployment {
  id: string;
  reference: string;
  status: string;
  cameras: { id: string; name: string; source: string; whepUrl: string | null }[];
}

/** Where this page's picture comes from. */
export type StationMode = "camera" | "whep" | "takeover";

/** A browser that took recognition over must renew its claim within this time. */
const TAKEOVER_LEASE_MS = 5000;

const MODE_LABEL: Record<StationMode, string> = {
  camera: "this device's camera",
  whep: "the camera's WHEP gateway",
  takeover: "the camera station, over WebRTC (recognition taken over)",
};

interface Stats {
  frames: number;
  fps: number;
  faces: number;
  matches: number;
  pending: number;
  viewers: number;
  lastRefusal: string;
}

/**
 * The camera station: captures the local camera (or pulls a WHEP camera, or takes recognition
 * over from another station), publishes the picture to the control room over WebRTC and runs
 * recognition in a worker right here. Only match events (with a small face crop) and per-minute
 * counts ever leave this page; every other face is dropped in memory.
 */
export function CameraStation({ cameraId, takeover = false }: { cameraId: string; takeover?: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState("Starting…");
  const [error, setError] = useState<string | null>(null);
  const [signalError, setSignalError] = useState<string | null>(null);
  const [info, setInfo] = useState<{ deployment: string; camera: string; mode: StationMode; backend?: string; gallery?: number } | null>(null);
  const [pausedBy, setPausedBy] = useState(0);
  const [stats, setStats] = useState<Stats>({ frames: 0, fps: 0, faces: 0, matches: 0, pending: 0, viewers: 0, lastRefusal: "" });

  useEffect(() => {
    let disposed = false;
    const cleanups: (() => void)[] = [];
    const viewers = new Set<RTCDataChannel>();
    /** Viewers that took recognition over, with when they last said so (a lease renewed every second). */
    const takers = new Map<RTCDataChannel, number>();
    let upstream: RTCDataChannel | null = null;
    const sessionTag = Date.now().toString(36);
    const counts = new Map<string, number>();
    const bump = (patch: Partial<Stats> | ((s: Stats) => Partial<Stats>)) => setStats((s) => ({ ...s, ...(typeof patch === "function" ? patch(s) : patch) }));

    /** Face boxes to every viewer that only watches (and, when taken over, back to the station). */
    const sendFaces = (message: string) => {
      for (const ch of viewers) if (!takers.has(ch) && ch.readyState === "open") ch.send(message);
      if (upstream?.readyState === "open") upstream.send(message);
    };

    const onViewerChannel = (ch: RTCDataChannel) => {
      viewers.add(ch);
      bump((s) => ({ viewers: s.viewers + 1 }));
      ch.onmessage = (e) => {
        const msg = parseFaceMessage(e.data);
        if (msg?.type === "takeover") {
          takers.set(ch, performance.now());
          setPausedBy(takers.size);
        } else if (msg?.type === "faces" && takers.has(ch)) sendFaces(JSON.stringify(msg));
      };
      ch.onclose = () => {
        viewers.delete(ch);
        if (takers.delete(ch)) setPausedBy(takers.size);
        bump((s) => ({ viewers: Math.max(0, s.viewers - 1) }));
      };
    };

    // A taker that stops renewing its claim (hung, or its channel not yet seen as closed) lets go.
    const leaseTimer = setInterval(() => {
      const now = performance.now();
      for (const [ch, at] of takers) if (now - at > TAKEOVER_LEASE_MS) takers.delete(ch);
      setPausedBy(takers.size);
    }, 1000);
    cleanups.push(() => clearInterval(leaseTimer));

    async function openSource(camera: LiveDeployment["cameras"][number], mode: StationMode): Promise<MediaStream> {
      if (mode === "camera") {
        setStatus("Opening the camera…");
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 360 } }, audio: false });
        cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
        return stream;
      }
      setStatus(mode === "whep" ? "Connecting to the WHEP gateway…" : "Connecting to the camera station…");
      let resolveStream!: (s: MediaStream) => void;
      const arrived = new Promise<MediaStream>((r) => (resolveStream = r));
      if (mode === "whep") {
        const pc = await viewWhep(camera.id, resolveStream);
        cleanups.push(() => pc.close());
        watchUpstream(pc);
      } else {
        const { pc, channel } = await viewCamera(camera.id, { onTrack: resolveStream });
        cleanups.push(() => pc.close());
        upstream = channel;
        // The data channel is unreliable (face boxes are perishable), so the claim is repeated.
        const claim = setInterval(() => channel.readyState === "open" && channel.send(JSON.stringify({ type: "takeover" } satisfies FaceChannelMessage)), 1000);
        cleanups.push(() => clearInterval(claim));
        watchUpstream(pc);
      }
      return arrived;
    }

    /** A pulled stream that drops: this page reloads itself after a pause (back-off by the browser's own reload). */
    function watchUpstream(pc: RTCPeerConnection) {
      pc.addEventListener("connectionstatechange", () => {
        if (disposed || (pc.connectionState !== "failed" && pc.connectionState !== "closed")) return;
        setStatus("Stream lost; reconnecting in 5 s…");
        const t = setTimeout(() => !disposed && window.location.reload(), 5000);
        cleanups.push(() => clearTimeout(t));
      });
    }

    async function start() {
      const res = await fetch("/api/live/deployments");
      if (!res.ok) throw new Error(`Could not load deployments (${res.status}).`);
      const { deployments } = (await res.json()) as { deployments: LiveDeployment[] };
      const deployment = deployments.find((d) => d.cameras.some((c) => c.id === cameraId));
      if (!deployment) throw new Error("This camera does not belong to a deployment that is live or in its self-test.");
      const camera = deployment.cameras.find((c) => c.id === cameraId)!;
      const mode: StationMode = takeover ? "takeover" : camera.source === "WHEP" ? "whep" : "camera";
      setInfo({ deployment: deployment.reference, camera: camera.name, mode });

      const stream = await openSource(camera, mode);
      if (disposed) return;
      video.current!.srcObject = stream;
      await video.current!.play().catch(() => {});
      // A browser that took recognition over does not publish; the station it pulls from does.
      if (mode !== "takeover") cleanups.push(serveViewers(cameraId, stream, onViewerChannel, (e) => setSignalError(e ? `Signalling: ${e.message}` : null)));

      setStatus("Loading the watchlist snapshot…");
      const galleryRes = await fetch(`/api/live/deployments/${deployment.id}/gallery`);
      if (!galleryRes.ok) throw new Error(((await galleryRes.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? "Could not load the watchlist.");
      const gallery = (await galleryRes.json()) as GalleryResponse;
      const labels = new Map(gallery.entries.map((e) => [e.id, e.subjectReference]));

      setStatus("Loading the recognition models…");
      const client = new RecognitionClient();
      cleanups.push(() => client.dispose());
      const ready = await client.load({ models: defaultModelUrls(), backend: "auto", threshold: gallery.threshold, gallery: toGalleryPayload(gallery) });
      if (disposed) return;
      setInfo({ deployment: deployment.reference, camera: camera.name, mode, backend: `${ready.backend} × ${ready.numThreads}`, gallery: gallery.entries.length });
      setStatus("Recognising");

      const loop = startFrameLoop(video.current!, client, { paused: () => takers.size > 0 });
      cleanups.push(() => loop.stop());

      let processed = 0;
      const recent: number[] = [];
      client.on("result", (r: ResultMessage) => {
        processed++;
        const now = performance.now();
        recent.push(now);
        while (recent.length && now - recent[0] > 5000) recent.shift();
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
            void enqueueMatch(ev.entryId, ev.trackId, ev.best).catch((e: Error) => setError(`Could not queue a match event: ${e.message}`));
          }
        }
        const span = recent.length > 1 ? (recent[recent.length - 1] - recent[0]) / 1000 : 0;
        bump({ frames: processed, fps: span > 0 ? Math.round(((recent.length - 1) / span) * 10) / 10 : 0 });
      });

      async function enqueueMatch(entryId: string, trackId: number, best: { frameId: number; box: { x: number; y: number; width: number; height: number }; score: number; timestamp: number }) {
        const probe = await loop.crop(best.frameId, best.box);
        const body = matchEventBody({
          deploymentId: deployment!.id,
          cameraId,
          entryId,
          similarity: best.score,
          thresholdInForce: gallery.threshold,
          modelId: gallery.modelId,
          modelVersion: gallery.modelVersion,
          trackId: stationTrackId(sessionTag, trackId),
          capturedAt: new Date(performance.timeOrigin + best.timestamp).toISOString(),
          probeJpeg: await blobToBase64(probe),
        });
        // Durable first, then sent: a crash or outage between the two loses nothing.
        await outbox.put({ key: body.idempotencyKey, url: "/api/alerts", attempts: 0, nextAttemptAt: 0, body });
        bump((s) => ({ matches: s.matches + 1 }));
        void flush();
      }

      let flushing = false;
      let again = false;
      async function flush() {
        // A new event during a flush is sent right after it, not at the next tick.
        if (flushing) {
          again = true;
          return;
        }
        flushing = true;
        try {
          do {
            again = false;
            const pending = await flushOutbox((_item, outcome, detail) => {
              if (outcome === "refused") bump({ lastRefusal: detail ?? "refused" });
            });
            bump({ pending });
          } while (again);
        } catch (e) {
          setError(`Outbox: ${(e as Error).message}`);
        } finally {
          flushing = false;
        }
      }
      const flushTimer = setInterval(() => void flush(), 1000);
      cleanups.push(() => clearInterval(flushTimer));
      window.addEventListener("online", flush);
      cleanups.push(() => window.removeEventListener("online", flush));

      const countTimer = setInterval(async () => {
        if (!counts.size) return;
        const batch = [...counts.entries()].map(([minute, faces]) => ({ minute, faces }));
        counts.clear();
        const ok = await fetch("/api/live/face-counts", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ deploymentId: deployment!.id, cameraId, counts: batch }),
        })
          .then((r) => r.ok)
          .catch(() => false);
        if (!ok) for (const c of batch) counts.set(c.minute, (counts.get(c.minute) ?? 0) + c.faces);
      }, 5000);
      cleanups.push(() => clearInterval(countTimer));
      void flush();
    }

    start().catch((e: Error) => {
      if (disposed) return;
      setError(e.message);
      setStatus("Stopped");
    });
    return () => {
      disposed = true;
      cleanups.reverse().forEach((c) => c());
    };
  }, [cameraId, takeover]);

  const recognising = status === "Recognising";
  return (
    <div className="stack">
      <h1>Camera station</h1>
      <p className="muted">
        {info ? `${info.camera} · deployment ${info.deployment} · picture from ${MODE_LABEL[info.mode]}` : "Connecting…"}
        {info?.backend && ` · ${info.backend}`}
        {info?.gallery !== undefined && ` · watchlist snapshot of ${info.gallery} entries`}
      </p>
      <p role="status" data-testid="station-status">
        {status}
      </p>
      {recognising && pausedBy > 0 && (
        <p className="warn" data-testid="station-taken-over">
          Recognition has been taken over by another browser; this station keeps publishing its picture and resumes recognising when that browser lets go.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {signalError && <p className="warn">{signalError} (retrying)</p>}
      <div className="station">
        <video ref={video} muted playsInline className="station-video" aria-label="Camera picture" />
        <dl className="station-stats" data-testid="station-stats">
          <dt>Frames processed</dt>
          <dd data-testid="station-frames">{stats.frames}</dd>
          <dt>Frames per second</dt>
          <dd data-testid="station-fps">{stats.fps}</dd>
          <dt>Faces (tracks) seen</dt>
          <dd>{stats.faces}</dd>
          <dt>Match events</dt>
          <dd data-testid="station-matches">{stats.matches}</dd>
          <dt>Waiting in the outbox</dt>
          <dd data-testid="station-pending">{stats.pending}</dd>
          <dt>Control-room viewers</dt>
          <dd data-testid="station-viewers">{stats.viewers}</dd>
        </dl>
      </div>
      {stats.lastRefusal && <p className="warn">The server refused an event: {stats.lastRefusal}</p>}
      <p className="muted">Non-matching faces never leave this page; only match events and per-minute counts are sent.</p>
      {info?.mode === "takeover" && (
        <p>
          <Link href="/live">Hand recognition back to the camera station</Link> (leaving this page lets it resume).
        </p>
      )}
    </div>
  );
}
