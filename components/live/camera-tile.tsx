"use client";
import { useEffect, useRef, useState } from "react";
import { parseFaceMessage } from "@/lib/live-client/face-channel";
import { paintMasked, PICTURE_DELAY_MS, pruneHistory, type BoxesAt } from "@/lib/live-client/privacy-mask";
import { viewCamera } from "@/lib/live-client/rtc";
import type { Phase } from "./scope-view";
import { StationAddress } from "./station-address";

export type TileState = "connecting" | "live" | "reconnecting" | "lost";

/** Seconds without a decoded frame before a tile stops saying "live", and before it reconnects. */
const STALE_MS = 3000;
const RECONNECT_AFTER_MS = 10_000;
/** Attempts with back-off (1, 2, 4, 8, 15, 15 s) before a tile says "lost"; it keeps trying after that. */
const LOST_AFTER_ATTEMPTS = 6;

/**
 * One camera on the operator's screen, pulled over WebRTC from the browser that publishes it (a
 * camera station, or the recogniser page of a WHEP camera). The picture is painted onto a canvas
 * with every non-matching face blurred from the face boxes that browser sends on a data channel;
 * a match gets a box and its label (lib/live-client/privacy-mask.ts). "Live" means frames are actually being decoded (inbound-rtp
 * framesDecoded and requestVideoFrameCallback), not merely a connected peer.
 */
export function CameraTile(props: {
  camera: { id: string; name: string; source: string };
  phase: Phase;
  focused: boolean;
  outOfScope: boolean;
  onFocus: () => void;
  onFullScreen: () => void;
}) {
  const { camera, phase, focused, outOfScope } = props;
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<TileState>("connecting");
  const [mask, setMask] = useState<"masked" | "blurred">("blurred");

  useEffect(() => {
    let disposed = false;
    let pc: RTCPeerConnection | null = null;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let history: BoxesAt[] = [];
    let lastFrameAt = 0;
    let framesDecoded = 0;
    let raf = 0;
    let painted: "masked" | "blurred" = "blurred";
    const abort = new AbortController();

    const paint = () => {
      const v = video.current;
      const c = canvas.current;
      if (v && c && v.videoWidth > 0 && lastFrameAt > 0) {
        if (c.width !== v.videoWidth || c.height !== v.videoHeight) {
          c.width = v.videoWidth;
          c.height = v.videoHeight;
        }
        const now = performance.now();
        history = pruneHistory(history, now);
        const result = paintMasked(c.getContext("2d")!, v, c.width, c.height, history, now);
        if (result !== painted) {
          painted = result;
          setMask(result);
        }
      }
      raf = requestAnimationFrame(paint);
    };
    raf = requestAnimationFrame(paint);

    const onFrame = () => {
      lastFrameAt = performance.now();
      if (!disposed) video.current?.requestVideoFrameCallback?.(onFrame);
    };

    const connect = async () => {
      if (disposed) return;
      setState(attempt === 0 ? "connecting" : attempt > LOST_AFTER_ATTEMPTS ? "lost" : "reconnecting");
      try {
        const viewed = await viewCamera(
          camera.id,
          {
            onTrack: (stream) => {
              video.current!.srcObject = stream;
              void video.current!.play().catch(() => {});
              video.current!.requestVideoFrameCallback?.(onFrame);
            },
            onMessage: (data) => {
              const msg = parseFaceMessage(data);
              if (msg?.type === "faces") history.push({ at: performance.now(), w: msg.w, h: msg.h, faces: msg.faces });
            },
          },
          abort.signal,
        );
        if (disposed) return viewed.pc.close();
        pc = viewed.pc;
        framesDecoded = 0;
        // Hold the picture back a little so that each face's box arrives before the face is shown.
        for (const receiver of pc.getReceivers()) (receiver as RTCRtpReceiver & { jitterBufferTarget?: number }).jitterBufferTarget = PICTURE_DELAY_MS;
        const current = pc;
        current.onconnectionstatechange = () => {
          if (current === pc && (current.connectionState === "failed" || current.connectionState === "closed")) retry();
        };
      } catch {
        retry();
      }
    };
    const retry = () => {
      if (disposed) return;
      pc?.close();
      pc = null;
      lastFrameAt = 0;
      attempt++;
      setState(attempt > LOST_AFTER_ATTEMPTS ? "lost" : "reconnecting");
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void connect(), Math.min(15_000, 1000 * 2 ** Math.min(attempt - 1, 4)));
    };

    // Decoded frames are the truth: a connected peer with a frozen picture is not "live".
    const watchdog = setInterval(async () => {
      if (!pc) return;
      const stats = await pc.getStats().catch(() => null);
      stats?.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === "inbound-rtp" && s.kind === "video" && typeof s.framesDecoded === "number") {
          if (s.framesDecoded > framesDecoded) lastFrameAt = Math.max(lastFrameAt, performance.now());
          framesDecoded = s.framesDecoded;
        }
      });
      const since = performance.now() - lastFrameAt;
      if (lastFrameAt > 0 && since < STALE_MS) {
        attempt = 0;
        setState("live");
      } else if (lastFrameAt > 0 && since > RECONNECT_AFTER_MS) retry();
      else if (lastFrameAt > 0) setState("reconnecting");
    }, 1000);

    void connect();
    return () => {
      disposed = true;
      abort.abort();
      clearInterval(watchdog);
      clearTimeout(retryTimer);
      cancelAnimationFrame(raf);
      pc?.close();
    };
  }, [camera.id]);

  const badge = state === "live" ? "badge live" : state === "lost" ? "badge danger" : "badge warn";
  const whep = camera.source === "WHEP";
  const stopped = phase === "stopped";
  return (
    <figure
      className={`tile${focused ? " focused" : ""}${outOfScope ? " out-of-scope" : ""}`}
      aria-label={`Camera ${camera.name}: ${state}`}
      data-testid={`tile-${camera.id}`}
      data-state={state}
      data-mask={mask}
      data-focused={focused}
    >
      <div className="tile-picture">
        <video ref={video} muted playsInline />
        <canvas ref={canvas} role="img" aria-label={`${camera.name}; faces of people not on the watchlist are blurred`} />
        <div className="tile-bar">
          <span className="tile-label">
            <span className="tile-name">{camera.name}</span> <span className={badge}>{state}</span>
            {outOfScope && <span className="badge danger">scope differs</span>}
          </span>
          <button type="button" className="secondary small" aria-pressed={focused} onClick={props.onFocus}>
            {focused ? "Unfocus" : "Focus"}
          </button>
          <button type="button" className="secondary small" aria-label={`Show ${camera.name} full screen`} onClick={props.onFullScreen}>
            Full screen
          </button>
        </div>
        {!stopped && (
          <a className="tile-action" href={whep ? `/station/${camera.id}` : `/station/${camera.id}?takeover=1`} target="_blank" rel="noopener">
            {whep ? "Run recognition here" : "Take over recognition"}
          </a>
        )}
        {(state !== "live" || stopped) && (
          <p className="tile-hint">
            {stopped
              ? "Recognition stopped for this deployment."
              : `${state === "lost" ? "No picture. " : "Waiting for the picture. "}${whep ? "A WHEP camera is published by the browser that runs its recognition." : "Is the camera station's page open?"}`}
          </p>
        )}
      </div>
      <StationAddress cameraId={camera.id} cameraName={camera.name} compact />
    </figure>
  );
}
