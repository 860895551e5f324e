"use client";
import type { GalleryLoadProgress } from "@/lib/live-client/gallery-stream";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { defaultModelUrls } from "@/lib/recognition/models";
import { RecognitionClient } from "@/lib/recognition/worker/recognition-client";
import { startFrameLoop } from "@/lib/live-client/frame-loop";
import { subscribeLiveEvents } from "@/lib/live-client/live-events";
import { outbox } from "@/lib/live-client/outbox";
import { serveViewers, viewCamera, viewWhep } from "@/lib/live-client/rtc";
import { describeScope } from "@/lib/live-client/scope";
import {
  startStationSession,
  type ChannelLike,
  type StationDeps,
  type StationMode,
  type StationSession,
  type StationState,
} from "@/lib/live-client/station-session";
import "@/components/live/live.css";
import "./station.css";

export type { StationMode };

const MODE_LABEL: Record<StationMode, string> = {
  camera: "this device's camera",
  whep: "the camera's WHEP gateway",
  takeover: "the camera station, over WebRTC (recognition taken over)",
};

/** The browser's side of a station: real camera, WebRTC, worker, IndexedDB outbox, live stream. */
function browserDeps(video: HTMLVideoElement): StationDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    getUserMedia: () => navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 360 } }, audio: false }),
    viewWhep: (cameraId, onTrack) => viewWhep(cameraId, onTrack),
    viewCamera: async (cameraId, onTrack) => {
      const { pc, channel } = await viewCamera(cameraId, { onTrack });
      return { pc, channel: channel as unknown as ChannelLike };
    },
    serveViewers: (cameraId, stream, onChannel, onError) => serveViewers(cameraId, stream, (ch) => onChannel(ch as unknown as ChannelLike), onError),
    showPicture: async (stream) => {
      video.srcObject = stream;
      await video.play().catch(() => {});
    },
    createRecognition: () => new RecognitionClient(),
    modelUrls: defaultModelUrls(),
    startFrameLoop: (client, opts) => startFrameLoop(video, client as RecognitionClient, opts),
    outbox,
    subscribe: (deploymentId, handlers) => subscribeLiveEvents(deploymentId, handlers),
    onOnline: (fn) => {
      window.addEventListener("online", fn);
      return () => window.removeEventListener("online", fn);
    },
    reload: () => window.location.reload(),
  };
}

const PHASE_LABEL: Record<StationState["phase"], string> = {
  starting: "starting",
  recognising: "recognising",
  stopped: "stopped",
  crashed: "worker crashed",
  failed: "failed",
};

/**
 * The camera station page: renders the state of a station session (lib/live-client/station-session.ts),
 * which captures the camera, publishes it to the control room, recognises in a worker and follows
 * the deployment's lifecycle. `maxFps` holds the worker to that many frames per second (`?fps=2`).
 */
export function CameraStation({ cameraId, takeover = false, maxFps = null }: { cameraId: string; takeover?: boolean; maxFps?: number | null }) {
  const video = useRef<HTMLVideoElement>(null);
  const session = useRef<StationSession | null>(null);
  const [s, setState] = useState<StationState | null>(null);

  useEffect(() => {
    const current = startStationSession(browserDeps(video.current!), { cameraId, takeover, maxFps });
    session.current = current;
    setState(current.getState());
    const off = current.subscribe(setState);
    return () => {
      off();
      current.stop();
      session.current = null;
    };
  }, [cameraId, takeover, maxFps]);

  const phase = s?.phase ?? "starting";
  const stats = s?.stats;
  const scopeLine = s?.held ? describeScope(s.held) : null;
  return (
    <div
      className="stack"
      data-testid="station"
      data-phase={phase}
      data-scope-kind={s?.held?.kind ?? ""}
      data-scope-version={s?.held?.version ?? ""}
      data-model-load-ms={s?.info?.modelLoadMs ?? ""}
    >
      <h1>Camera station</h1>
      <p className="muted">
        {s?.info ? `${s.info.camera} · deployment ${s.info.deployment} · picture from ${MODE_LABEL[s.info.mode]}` : "Connecting…"}
        {s?.info?.backend && ` · ${s.info.backend}`}
        {s?.info?.modelLoadMs !== undefined && ` · models loaded in ${(s.info.modelLoadMs / 1000).toFixed(1)} s`}
        {s?.maxFps && ` · held to ${s.maxFps} frames/s`}
      </p>
      <p role="status" data-testid="station-status">
        {s?.status ?? "Starting…"}
      </p>
      {s?.galleryLoad && <GalleryLoadBar p={s.galleryLoad} />}

      {s?.phase === "stopped" && (
        <div className="station-banner station-banner-stopped" role="alert" data-testid="station-stopped">
          <strong>Recognition stopped.</strong> {s.stoppedReason} This station no longer searches for anyone or publishes its picture.
        </div>
      )}
      {(s?.phase === "crashed" || (s?.phase === "failed" && s.held)) && (
        <div className="station-banner station-banner-crashed" role="alert" data-testid="station-crashed">
          <strong>Recognition is not running.</strong> {(s.workerNotice ?? s.error ?? "").replace(/\.?$/, ".")} No faces are being searched until it restarts.{" "}
          <button type="button" onClick={() => void session.current?.restartRecognition()}>
            Restart recognition
          </button>
        </div>
      )}
      {s?.mismatch && s.phase !== "stopped" && (
        <div className="station-banner station-banner-mismatch" role="alert" data-testid="station-scope-mismatch">
          <strong>Scope mismatch: this station is not searching what the deployment has in force.</strong> {s.mismatch}.{s.switching ? " Switching…" : ""}
        </div>
      )}

      <section className="station-scope" aria-label="Search scope" data-testid="station-scope">
        <h2>Search scope</h2>
        {scopeLine ? (
          <p>
            <span className={`badge ${s?.held?.kind === "full" ? "live" : "warn"}`} data-testid="station-scope-kind">
              {s?.held?.kind === "full" ? "Live: full watchlist" : s?.held?.kind === "blue-list" ? "Self-test: blue-list only" : "No gallery"}
            </span>{" "}
            <span data-testid="station-scope-line">{scopeLine}</span>
            {s?.held?.version !== null && s?.held?.version !== undefined && <span className="muted"> · scope v{s.held.version}</span>}
            {s?.switching && <span className="muted"> · switching…</span>}
          </p>
        ) : (
          <p className="muted">{phase === "stopped" ? "Nothing: the deployment has stopped." : "Loading…"}</p>
        )}
        <p className="muted" data-testid="station-server-scope">
          {s?.server
            ? `In force on the server: ${s.server.phase === "stopped" ? "stopped" : describeScope({ ...s.server.gallery, threshold: s.server.threshold })} · v${s.server.version}`
            : "The server's scope is not known yet."}
        </p>
      </section>

      {s?.phase === "recognising" && s.pausedBy > 0 && (
        <p className="warn" data-testid="station-taken-over">
          Recognition has been taken over by another browser; this station keeps publishing its picture and resumes recognising when that browser lets go.
        </p>
      )}
      {s?.workerNotice && s.phase === "recognising" && (
        <p className="warn" data-testid="station-worker-notice">
          {s.workerNotice}
        </p>
      )}
      {s?.error && s.phase !== "crashed" && !(s.phase === "failed" && s.held) && (
        <p role="alert" className="error">
          {s.error}
        </p>
      )}
      {s?.signalError && <p className="warn">{s.signalError} (retrying)</p>}
      <div className="station">
        <video ref={video} muted playsInline className="station-video" aria-label="Camera picture" />
        <dl className="station-stats" data-testid="station-stats">
          <dt>State</dt>
          <dd data-testid="station-phase">{PHASE_LABEL[phase]}</dd>
          <dt>Frames processed</dt>
          <dd data-testid="station-frames">{stats?.frames ?? 0}</dd>
          <dt>Frames per second</dt>
          <dd data-testid="station-fps">{stats?.fps ?? 0}</dd>
          <dt>Faces (tracks) seen</dt>
          <dd>{stats?.faces ?? 0}</dd>
          <dt>Match events</dt>
          <dd data-testid="station-matches">{stats?.matches ?? 0}</dd>
          <dt>Waiting in the outbox</dt>
          <dd data-testid="station-pending">{stats?.pending ?? 0}</dd>
          <dt>Control-room viewers</dt>
          <dd data-testid="station-viewers">{stats?.viewers ?? 0}</dd>
        </dl>
      </div>
      {stats?.lastRefusal && <p className="warn">The server refused an event: {stats.lastRefusal}</p>}
      <p className="muted">Non-matching faces never leave this page; only match events and per-minute counts are sent.</p>
      {s?.info?.mode === "takeover" && (
        <p>
          <Link href="/live">Hand recognition back to the camera station</Link> (leaving this page lets it resume).
        </p>
      )}
    </div>
  );
}

const mib = (n: number) => `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MiB`;

/** The watchlist download: bytes and chunks verified so far (each chunk's SHA-256 is checked as it lands). */
function GalleryLoadBar({ p }: { p: GalleryLoadProgress }) {
  return (
    <div className="stack" data-testid="station-gallery-progress">
      <label htmlFor="station-gallery-bar">
        Loading the watchlist: {p.entries.toLocaleString("en-GB")} of {p.entryCount.toLocaleString("en-GB")} entries · {mib(p.bytes)}
        {p.totalBytes ? ` of ${mib(p.totalBytes)}` : ""} · {p.chunks} of {p.chunkCount} chunks verified
      </label>
      <progress id="station-gallery-bar" className="progress" max={p.totalBytes || 1} value={p.totalBytes ? Math.min(p.bytes, p.totalBytes) : 0} />
    </div>
  );
}
