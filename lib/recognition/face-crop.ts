import type { Box, RgbaFrame } from "./types";

/**
 * The face region of a frame (the box widened by `margin` on each side, clamped to the frame),
 * scaled so its longer side is at most `maxSide`: what an operator sees of a match and what a
 * watchlist shows, never the whole frame. Plain TS, same in the browser and Node.
 */
export function cropFace(frame: RgbaFrame, box: Box, maxSide = 160, margin = 0.25): RgbaFrame {
  const x0 = Math.max(0, Math.floor(box.x - box.width * margin));
  const y0 = Math.max(0, Math.floor(box.y - box.height * margin));
  const x1 = Math.min(frame.width, Math.ceil(box.x + box.width * (1 + margin)));
  const y1 = Math.min(frame.height, Math.ceil(box.y + box.height * (1 + margin)));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const scale = Math.min(1, maxSide / Math.max(w, h));
  const ow = Math.max(1, Math.round(w * scale));
  const oh = Math.max(1, Math.round(h * scale));
  const out = new Uint8ClampedArray(ow * oh * 4);
  for (let y = 0; y < oh; y++) {
    const sy = Math.min(frame.height - 1, y0 + Math.floor((y + 0.5) / scale));
    for (let x = 0; x < ow; x++) {
      const sx = Math.min(frame.width - 1, x0 + Math.floor((x + 0.5) / scale));
      const si = (sy * frame.width + sx) * 4;
      const di = (y * ow + x) * 4;
      out[di] = frame.data[si];
      out[di + 1] = frame.data[si + 1];
      out[di + 2] = frame.data[si + 2];
      out[di + 3] = 255;
    }
  }
  return { width: ow, height: oh, data: out };
}
