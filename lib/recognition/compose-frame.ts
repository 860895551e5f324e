import type { RgbaFrame } from "./types";

/**
 * Scales `src` (bilinear, aspect kept) to fit a width x height canvas and centres it on a grey
 * background: turns a photo into a "camera frame" of a given size for benchmarks and tests.
 */
export function fitIntoFrame(src: RgbaFrame, width: number, height: number, background = 96): RgbaFrame {
  const out = new Uint8ClampedArray(width * height * 4).fill(background);
  const scale = Math.min(width / src.width, height / src.height);
  const w = Math.round(src.width * scale);
  const h = Math.round(src.height * scale);
  const ox = Math.floor((width - w) / 2);
  const oy = Math.floor((height - h) / 2);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = fx - x0;
      const o = ((oy + y) * width + ox + x) * 4;
      for (let c = 0; c < 3; c++) {
        const a = src.data[(y0 * src.width + x0) * 4 + c];
        const b = src.data[(y0 * src.width + x1) * 4 + c];
        const d = src.data[(y1 * src.width + x0) * 4 + c];
        const e = src.data[(y1 * src.width + x1) * 4 + c];
        out[o + c] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      }
      out[o + 3] = 255;
    }
  }
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return { width, height, data: out };
}

/** `src` pasted into a `width` x `height` grey frame with its top-left corner at (x, y). */
export function placeInFrame(src: RgbaFrame, width: number, height: number, x: number, y: number): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4).fill(96);
  for (let row = 0; row < src.height && y + row < height; row++) {
    const w = Math.min(src.width, width - x);
    data.set(src.data.subarray(row * src.width * 4, (row * src.width + w) * 4), ((y + row) * width + x) * 4);
  }
  return { width, height, data };
}
