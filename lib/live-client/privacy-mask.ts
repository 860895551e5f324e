import type { FaceBox } from "./face-channel";

/** Without face boxes newer than this, the whole picture is blurred. */
export const BOXES_FRESH_MS = 1000;
/** Boxes of the last this-many ms are all blurred: a face that moves stays covered. */
export const BOX_HISTORY_MS = 700;
/**
 * The operator's picture is held back by this much (WebRTC jitter buffer target) so that a face's
 * box, which needs one recognition step at the station, arrives before the face is shown.
 */
export const PICTURE_DELAY_MS = 400;
/** Margin around a face box that is blurred too. */
const MARGIN = 0.3;

export interface BoxesAt {
  /** performance.now() when the boxes arrived. */
  at: number;
  w: number;
  h: number;
  faces: FaceBox[];
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function iou(a: Rect, b: Rect): number {
  const x = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const y = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = x * y;
  return inter / (a.w * a.h + b.w * b.h - inter || 1);
}

/** Keeps the boxes that can still matter (the newest always stays). */
export function pruneHistory(history: BoxesAt[], now: number): BoxesAt[] {
  const keep = history.filter((b) => now - b.at <= Math.max(BOX_HISTORY_MS, BOXES_FRESH_MS));
  return keep.length ? keep : history.slice(-1);
}

/**
 * What to paint over a frame of width × height: `null` means blur everything (no fresh boxes);
 * otherwise the areas to blur (every unmatched face of the recent boxes, with a margin) and the
 * labelled boxes of matches (from the newest boxes only).
 */
export function maskRegions(history: BoxesAt[], now: number, width: number, height: number): { blur: Rect[]; matches: (Rect & { label: string })[] } | null {
  const newest = history.at(-1);
  if (!newest || now - newest.at > BOXES_FRESH_MS) return null;
  const scale = (b: BoxesAt, f: FaceBox): Rect => {
    const sx = width / b.w;
    const sy = height / b.h;
    return { x: f.x * sx, y: f.y * sy, w: f.width * sx, h: f.height * sy };
  };
  const matches = newest.faces.filter((f) => f.label).map((f) => ({ ...scale(newest, f), label: f.label! }));
  const blur: Rect[] = [];
  for (const b of history) {
    if (now - b.at > BOX_HISTORY_MS && b !== newest) continue;
    for (const f of b.faces) {
      if (f.label) continue;
      const r = scale(b, f);
      // The same face now matched: boxed and labelled, not blurred.
      if (matches.some((m) => iou(m, r) > 0.3)) continue;
      blur.push({ x: r.x - r.w * MARGIN, y: r.y - r.h * MARGIN, w: r.w * (1 + 2 * MARGIN), h: r.h * (1 + 2 * MARGIN) });
    }
  }
  return { blur, matches };
}

/**
 * Paints one video frame for an operator: every face not on the watchlist is blurred, a match gets
 * a box and its label. Fails closed: without fresh face boxes (recognition not running, or the data
 * channel down) the whole picture is blurred, so an unmatched face is never shown by accident.
 */
export function paintMasked(
  ctx: CanvasRenderingContext2D,
  frame: CanvasImageSource,
  width: number,
  height: number,
  history: BoxesAt[],
  now: number,
): "masked" | "blurred" {
  const regions = maskRegions(history, now, width, height);
  ctx.save();
  if (!regions) {
    ctx.filter = "blur(24px)";
    ctx.drawImage(frame, 0, 0, width, height);
    ctx.restore();
    ctx.fillStyle = "rgba(0,0,0,0.55)";
    ctx.fillRect(0, height - 28, width, 28);
    ctx.fillStyle = "#fff";
    ctx.font = "13px system-ui, sans-serif";
    ctx.fillText("Privacy mask: whole picture blurred until face detection reports", 8, height - 10);
    return "blurred";
  }
  ctx.filter = "none";
  ctx.drawImage(frame, 0, 0, width, height);
  ctx.restore();
  if (regions.blur.length) {
    ctx.save();
    ctx.beginPath();
    for (const r of regions.blur) ctx.rect(r.x, r.y, r.w, r.h);
    ctx.clip();
    ctx.filter = "blur(16px)";
    ctx.drawImage(frame, 0, 0, width, height);
    ctx.restore();
  }
  for (const m of regions.matches) {
    ctx.strokeStyle = "#ef5b5b";
    ctx.lineWidth = 3;
    ctx.strokeRect(m.x, m.y, m.w, m.h);
    ctx.fillStyle = "#ef5b5b";
    ctx.font = "bold 14px system-ui, sans-serif";
    ctx.fillText(m.label, m.x, Math.max(14, m.y - 4));
  }
  return "masked";
}
