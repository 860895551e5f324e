import type { Box } from "@/lib/recognition/types";
import type { RecognitionClient } from "@/lib/recognition/worker/recognition-client";

const RING = 12;

export interface FrameLoop {
  /** JPEG crop (face plus a margin, at most 160 px) of a recent frame, for a match event's probe image. */
  crop(frameId: number, box: Box): Promise<Blob>;
  stop(): void;
}

/**
 * Frame capture → recognition worker. A frame is captured only when the worker is free and the
 * video has a new frame, so frames are dropped (never queued) at the rate the worker sustains and
 * no work is wasted on frames that would be dropped. `minIntervalMs` holds the loop to a lower
 * rate (e.g. 500 ms: 2 frames/s), as on a slow device. The last few captured frames are kept so
 * that a match's best frame can be cropped without sending any other frame anywhere.
 */
export function startFrameLoop(
  video: HTMLVideoElement,
  client: Pick<RecognitionClient, "frameInFlight" | "sendFrame">,
  opts: { paused: () => boolean; minIntervalMs?: number },
): FrameLoop {
  const minInterval = opts.minIntervalMs ?? 0;
  const ring: { frameId: number; canvas: HTMLCanvasElement }[] = Array.from({ length: RING }, () => ({
    frameId: -1,
    canvas: document.createElement("canvas"),
  }));
  let next = 0;
  let stopped = false;
  let fresh = true;
  let capturing = false;
  let lastCaptureAt = 0;
  const hasRvfc = typeof video.requestVideoFrameCallback === "function";
  const onVideoFrame = () => {
    fresh = true;
    if (!stopped) video.requestVideoFrameCallback(onVideoFrame);
  };
  if (hasRvfc) video.requestVideoFrameCallback(onVideoFrame);

  const tick = async () => {
    if (stopped) return;
    // requestVideoFrameCallback says when a new frame is there; it pauses in a hidden tab, so a
    // frame is also taken every 250 ms regardless.
    // A throttled loop (tests, benchmarks) takes at most one frame per `minIntervalMs`.
    const since = performance.now() - lastCaptureAt;
    const due = (fresh || since > 250) && since >= minInterval;
    if (!capturing && due && !client.frameInFlight && !opts.paused() && video.readyState >= 2 && video.videoWidth > 0) {
      capturing = true;
      try {
        const slot = ring[next % RING];
        slot.canvas.width = video.videoWidth;
        slot.canvas.height = video.videoHeight;
        slot.canvas.getContext("2d")!.drawImage(video, 0, 0);
        if (hasRvfc) fresh = false;
        lastCaptureAt = performance.now();
        const bitmap = await createImageBitmap(slot.canvas);
        const id = client.sendFrame({ kind: "bitmap", bitmap }, performance.now());
        if (id !== null) {
          slot.frameId = id;
          next++;
        }
      } catch {
        // worker restarting or disposed: try again on the next tick
      } finally {
        capturing = false;
      }
    }
    timer = setTimeout(() => void tick(), 8);
  };
  let timer = setTimeout(() => void tick(), 0);

  return {
    async crop(frameId, box) {
      const slot = ring.find((r) => r.frameId === frameId) ?? ring[(next - 1 + RING) % RING];
      const m = 0.25;
      const sx = Math.max(0, box.x - box.width * m);
      const sy = Math.max(0, box.y - box.height * m);
      const sw = Math.max(1, Math.min(slot.canvas.width - sx, box.width * (1 + 2 * m)));
      const sh = Math.max(1, Math.min(slot.canvas.height - sy, box.height * (1 + 2 * m)));
      const scale = Math.min(1, 160 / Math.max(sw, sh));
      const out = document.createElement("canvas");
      out.width = Math.max(1, Math.round(sw * scale));
      out.height = Math.max(1, Math.round(sh * scale));
      out.getContext("2d")!.drawImage(slot.canvas, sx, sy, sw, sh, 0, 0, out.width, out.height);
      return new Promise<Blob>((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error("JPEG encoding failed"))), "image/jpeg", 0.85));
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
