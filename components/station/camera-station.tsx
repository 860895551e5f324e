"use client";
import { useEffect, useRef, useState } from "react";
import { defaultModelUrls } from "@/lib/recognition/models";
import type { ResultMessage } from "@/lib/recognition/worker/protocol";
import { RecognitionClient } from "@/lib/recognition/worker/recognition-client";
import { toGalleryPayload, type GalleryResponse } from "@/lib/live-client/gallery";
import { flushOutbox, outbox } from "@/lib/live-client/outbox";
import { serveViewers } from "@/lib/live-client/rtc";
import "@/components/live/live.css";

interface LiveDeployment {
  id: string;
  reference: string;
  status: string;
  cameras: { id: string; name: string }[];
}

const RING = 12;

/** Present only when the live benchmark installs it (scripts/bench-live.ts); nothing is sent anywhere. */
export function benchHook(): { matches: { subject: string; firstSeenAt: number; emittedAt: number }[]; shown: { subject: string; shownAt: number }[] } | undefined {
  return (globalThis as { __vigilBench?: ReturnType<typeof benchHook> }).__vigilBench;
}

async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The camera station: captures the local camera, publishes it to the control room over WebRTC,
 * and runs recognition in a worker right here. Only match events (with a small face crop) and
 * per-minute counts ever leave this page; every other face is dropped in memory.
 */
export function CameraStation({ cameraId }: { cameraId: string }) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState("Starting…");
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<{ deployment: string; camera: string; backend?: string; gallery?: number } | null>(null);
  const [stats, setStats] = useState({ frames: 0, faces: 0, matches: 0, pending: 0, viewers: 0, fps: 0, lastRefusal: "" });

  useEffect(() => {
    let disposed = false;
    const cleanups: (() => void)[] = [];
    const channels = new Set<RTCDataChannel>();
    const ring: { frameId: number; canvas: HTMLCanvasElement }[] = Array.from({ length: RING }, () => ({ frameId: -1, canvas: document.createElement("canvas") }));
    const session = Date.now().toString(36);
    const counts = new Map<string, number>();
    const bump = (patch: Partial<typeof stats> | ((s: typeof stats) => Partial<typeof stats>)) =>
      setStats((s) => ({ ...s, ...(typeof patch === "function" ? patch(s) : patch) }));

    async function start() {
      const res = await fetch("/api/live/deployments");
      if (!res.ok) throw new Error(`Could not load deployments (${res.status}).`);
      const { deployments } = (await res.json()) as { deployments: LiveDeployment[] };
      const deployment = deployments.find((d) => d.cameras.some((c) => c.id === cameraId));
      if (!deployment) throw new Error("This camera does not belong to a deployment that is live or in its self-test.");
      const camera = deployment.cameras.find((c) => c.id === cameraId)!;
      setInfo({ deployment: deployment.reference, camera: camera.name });

      setStatus("Opening the camera…");
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 360 } }, audio: false });
      if (disposed) return stream.getTracks().forEach((t) => t.stop());
      cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
      video.current!.srcObject = stream;
      await video.current!.play().catch(() => {});

      cleanups.push(
        serveViewers(
          cameraId,
          stream,
          (ch) => {
            channels.add(ch);
            bump((s) => ({ viewers: s.viewers + 1 }));
            ch.onclose = () => {
              channels.delete(ch);
              bump((s) => ({ viewers: Math.max(0, s.viewers - 1) }));
            };
          },
          (e) => setError(`Signalling: ${e.message}`),
        ),
      );

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
      setInfo({ deployment: deployment.reference, camera: camera.name, backend: `${ready.backend} × ${ready.numThreads}`, gallery: gallery.entries.length });
      setStatus("Recognising");

      let frameId = 0;
      let processed = 0;
      const started = performance.now();
      client.on("result", (r: ResultMessage) => {
        processed++;
        const message = JSON.stringify({
          w: r.width,
          h: r.height,
          faces: r.faces.map((f) => ({ ...f.box, label: f.match ? labels.get(f.match.id) ?? "match" : null })),
        });
        for (const ch of channels) if (ch.readyState === "open") ch.send(message);
        for (const ev of r.events) {
          if (ev.type === "track-ended") {
            const minute = new Date();
            minute.setSeconds(0, 0);
            counts.set(minute.toISOString(), (counts.get(minute.toISOString()) ?? 0) + 1);
            bump((s) => ({ faces: s.faces + 1 }));
          }
          if (ev.type === "match") {
            // Benchmark hook (bench:live installs window.__vigilBench): when the face was first seen.
            benchHook()?.matches.push({ subject: labels.get(ev.entryId) ?? ev.entryId, firstSeenAt: performance.timeOrigin + ev.firstSeen, emittedAt: Date.now() });
            void enqueueMatch(ev.entryId, ev.trackId, ev.best);
          }
        }
        bump({ frames: processed, fps: Math.round((processed / ((performance.now() - started) / 1000)) * 10) / 10 });
      });

      async function enqueueMatch(entryId: string, trackId: number, best: { frameId: number; box: { x: number; y: number; width: number; height: number }; score: number; timestamp: number }) {
        const slot = ring.find((r) => r.frameId === best.frameId) ?? ring[(frameId - 1 + RING) % RING];
        const { x, y, width, height } = best.box;
        const m = 0.25;
        const sx = Math.max(0, x - width * m);
        const sy = Math.max(0, y - height * m);
        const sw = Math.min(slot.canvas.width - sx, width * (1 + 2 * m));
        const sh = Math.min(slot.canvas.height - sy, height * (1 + 2 * m));
        const scale = Math.min(1, 160 / Math.max(sw, sh));
        const crop = document.createElement("canvas");
        crop.width = Math.max(1, Math.round(sw * scale));
        crop.height = Math.max(1, Math.round(sh * scale));
        crop.getContext("2d")!.drawImage(slot.canvas, sx, sy, sw, sh, 0, 0, crop.width, crop.height);
        const blob = await new Promise<Blob>((resolve) => crop.toBlob((b) => resolve(b!), "image/jpeg", 0.85));
        const track = `${session}-${trackId}`;
        await outbox.put({
          key: `${deployment!.id}:${cameraId}:${track}`,
          url: "/api/alerts",
          attempts: 0,
          nextAttemptAt: 0,
          body: {
            idempotencyKey: `${deployment!.id}:${cameraId}:${track}`,
            deploymentId: deployment!.id,
            cameraId,
            entryId,
            similarity: best.score,
            thresholdInForce: gallery.threshold,
            modelId: gallery.modelId,
            modelVersion: gallery.modelVersion,
            trackId: track,
            capturedAt: new Date(performance.timeOrigin + best.timestamp).toISOString(),
            probeJpeg: await blobToBase64(blob),
          },
        });
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
        } finally {
          flushing = false;
        }
      }
      const flushTimer = setInterval(() => void flush(), 1000);
      cleanups.push(() => clearInterval(flushTimer));

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

      const pump = async () => {
        if (disposed) return;
        const v = video.current!;
        if (v.readyState >= 2 && v.videoWidth > 0) {
          const slot = ring[frameId % RING];
          slot.canvas.width = v.videoWidth;
          slot.canvas.height = v.videoHeight;
          slot.canvas.getContext("2d")!.drawImage(v, 0, 0);
          const bitmap = await createImageBitmap(slot.canvas);
          const sent = client.sendFrame({ kind: "bitmap", bitmap }, performance.now());
          if (sent !== null) {
            slot.frameId = sent;
            frameId++;
          }
        }
        timer = window.setTimeout(() => void pump(), 40);
      };
      let timer = window.setTimeout(() => void pump(), 0);
      cleanups.push(() => clearTimeout(timer));
      void flush();
    }

    start().catch((e: Error) => {
      setError(e.message);
      setStatus("Stopped");
    });
    return () => {
      disposed = true;
      cleanups.reverse().forEach((c) => c());
    };
  }, [cameraId]);

  return (
    <div className="stack">
      <h1>Camera station</h1>
      <p className="muted">
        {info ? `${info.camera} · deployment ${info.deployment}` : "Connecting…"}
        {info?.backend && ` · ${info.backend}`}
        {info?.gallery !== undefined && ` · watchlist snapshot of ${info.gallery} entries`}
      </p>
      <p role="status" data-testid="station-status">
        {status}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="station">
        <video ref={video} muted playsInline className="station-video" aria-label="Local camera preview" />
        <dl className="station-stats" data-testid="station-stats">
          <dt>Frames processed</dt>
          <dd>{stats.frames}</dd>
          <dt>Frames per second</dt>
          <dd>{stats.fps}</dd>
          <dt>Faces (tracks) seen</dt>
          <dd>{stats.faces}</dd>
          <dt>Match events</dt>
          <dd data-testid="station-matches">{stats.matches}</dd>
          <dt>Waiting in the outbox</dt>
          <dd data-testid="station-pending">{stats.pending}</dd>
          <dt>Control-room viewers</dt>
          <dd>{stats.viewers}</dd>
        </dl>
      </div>
      {stats.lastRefusal && <p className="warn">The server refused an event: {stats.lastRefusal}</p>}
      <p className="muted">Non-matching faces never leave this page; only match events and per-minute counts are sent.</p>
    </div>
  );
}
