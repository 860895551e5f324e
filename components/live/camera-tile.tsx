"use client";
import { useEffect, useRef, useState } from "react";
import { viewCamera, viewWhep } from "@/lib/live-client/rtc";

type TileState = "connecting" | "live" | "reconnecting" | "lost";

interface FaceBoxes {
  w: number;
  h: number;
  faces: { x: number; y: number; width: number; height: number; label: string | null }[];
}

/**
 * One camera on the operator's screen. The picture is painted onto a canvas with every
 * non-matching face blurred (privacy mask) from the face boxes the station sends; a match gets a
 * box and its label. "Live" means frames are actually being decoded, not just a connection.
 */
export function CameraTile({ camera }: { camera: { id: string; name: string; source: string; whepUrl: string | null } }) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<TileState>("connecting");

  useEffect(() => {
    let disposed = false;
    let pc: RTCPeerConnection | null = null;
    let attempt = 0;
    let boxes: FaceBoxes | null = null;
    let boxesAt = 0;
    let lastFrameAt = 0;
    let raf = 0;
    const abort = new AbortController();

    const paint = () => {
      const v = video.current;
      const c = canvas.current;
      if (v && c && v.videoWidth > 0) {
        if (c.width !== v.videoWidth) {
          c.width = v.videoWidth;
          c.height = v.videoHeight;
        }
        const ctx = c.getContext("2d")!;
        ctx.filter = "none";
        ctx.drawImage(v, 0, 0);
        if (boxes && performance.now() - boxesAt < 1000) {
          const sx = c.width / boxes.w;
          const sy = c.height / boxes.h;
          for (const f of boxes.faces) {
            const x = f.x * sx, y = f.y * sy, w = f.width * sx, h = f.height * sy;
            if (f.label) {
              ctx.strokeStyle = "#ef5b5b";
              ctx.lineWidth = 3;
              ctx.strokeRect(x, y, w, h);
              ctx.fillStyle = "#ef5b5b";
              ctx.font = "bold 14px system-ui";
              ctx.fillText(f.label, x, Math.max(14, y - 4));
            } else {
              ctx.save();
              ctx.beginPath();
              ctx.rect(x - w * 0.15, y - h * 0.15, w * 1.3, h * 1.3);
              ctx.clip();
              ctx.filter = "blur(14px)";
              ctx.drawImage(v, 0, 0);
              ctx.restore();
            }
          }
        }
      }
      raf = requestAnimationFrame(paint);
    };
    raf = requestAnimationFrame(paint);

    const onFrame = () => {
      lastFrameAt = performance.now();
      video.current?.requestVideoFrameCallback?.(onFrame);
    };

    const connect = async () => {
      if (disposed) return;
      setState(attempt === 0 ? "connecting" : "reconnecting");
      try {
        const onTrack = (stream: MediaStream) => {
          video.current!.srcObject = stream;
          void video.current!.play().catch(() => {});
          video.current!.requestVideoFrameCallback?.(onFrame);
        };
        pc =
          camera.source === "WHEP" && camera.whepUrl
            ? await viewWhep(camera.whepUrl, onTrack)
            : await viewCamera(
                camera.id,
                {
                  onTrack,
                  onFaces: (data) => {
                    boxes = JSON.parse(data) as FaceBoxes;
                    boxesAt = performance.now();
                  },
                },
                abort.signal,
              );
        pc.onconnectionstatechange = () => {
          if (pc && (pc.connectionState === "failed" || pc.connectionState === "disconnected" || pc.connectionState === "closed")) retry();
        };
      } catch {
        retry();
      }
    };
    const retry = () => {
      if (disposed) return;
      pc?.close();
      pc = null;
      attempt++;
      setState(attempt > 6 ? "lost" : "reconnecting");
      setTimeout(() => void connect(), Math.min(15_000, 1000 * 2 ** Math.min(attempt, 4)));
    };
    const watchdog = setInterval(() => {
      if (!pc) return;
      const fresh = performance.now() - lastFrameAt < 3000;
      if (fresh) {
        attempt = 0;
        setState("live");
      } else if (lastFrameAt > 0) setState("reconnecting");
      if (lastFrameAt > 0 && performance.now() - lastFrameAt > 10_000) {
        lastFrameAt = 0;
        retry();
      }
    }, 1000);
    void connect();
    return () => {
      disposed = true;
      abort.abort();
      clearInterval(watchdog);
      cancelAnimationFrame(raf);
      pc?.close();
    };
  }, [camera.id, camera.source, camera.whepUrl]);

  const badge = state === "live" ? "badge live" : state === "lost" ? "badge danger" : "badge warn";
  return (
    <figure className="tile" aria-label={`Camera ${camera.name}: ${state}`} data-testid={`tile-${camera.id}`} data-state={state}>
      <video ref={video} muted playsInline />
      <canvas ref={canvas} role="img" aria-label={`${camera.name}, faces of people not on the watchlist are blurred`} />
      <figcaption className="tile-label">
        {camera.name} <span className={badge}>{state}</span>
      </figcaption>
    </figure>
  );
}
