import { describe, expect, it } from "vitest";
import { chooseDetectorInput, computeLetterbox, letterboxToBgrTensor } from "./letterbox";
import type { RgbaFrame } from "./types";

function solid(width: number, height: number, rgb: [number, number, number]): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

describe("chooseDetectorInput", () => {
  it("sizes the dynamic model to the aspect ratio, multiples of 32", () => {
    expect(chooseDetectorInput(1280, 720)).toEqual({ width: 640, height: 384, model: "yunet-dynamic" });
    expect(chooseDetectorInput(1920, 1080)).toEqual({ width: 640, height: 384, model: "yunet-dynamic" });
    expect(chooseDetectorInput(640, 480)).toEqual({ width: 640, height: 480, model: "yunet-dynamic" });
    expect(chooseDetectorInput(720, 1280)).toEqual({ width: 384, height: 640, model: "yunet-dynamic" });
  });

  it("uses the fixed 640x640 model for square frames", () => {
    expect(chooseDetectorInput(720, 720)).toEqual({ width: 640, height: 640, model: "yunet" });
    expect(chooseDetectorInput(600, 604)).toEqual({ width: 640, height: 640, model: "yunet" });
  });

  it("rejects bad sizes", () => {
    expect(() => chooseDetectorInput(0, 10)).toThrow();
    expect(() => chooseDetectorInput(10, 10, 100)).toThrow(/multiple of 32/);
  });
});

describe("letterboxToBgrTensor", () => {
  it("fills BGR planes with raw 0..255 values and zero padding", () => {
    const frame = solid(1280, 720, [10, 20, 30]);
    const lb = computeLetterbox(1280, 720, 640, 384);
    expect(lb.scale).toBe(0.5);
    expect(lb.contentHeight).toBe(360);
    const out = new Float32Array(3 * 640 * 384).fill(-1);
    letterboxToBgrTensor(frame, lb, out);
    const plane = 640 * 384;
    const at = (c: number, x: number, y: number) => out[c * plane + y * 640 + x];
    expect(at(0, 100, 100)).toBeCloseTo(30, 4); // B
    expect(at(1, 100, 100)).toBeCloseTo(20, 4); // G
    expect(at(2, 100, 100)).toBeCloseTo(10, 4); // R
    expect(at(0, 100, 370)).toBe(0); // padding rows below the content
  });

  it("box-averages before sampling when shrinking more than 2x", () => {
    // Vertical stripes 1 px wide: black/white. Shrunk 4x, every output pixel is ~mid grey,
    // whereas plain bilinear sampling would alias to stripes.
    const w = 2560,
      h = 1440;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(x % 2 ? 255 : 0, (y * w + x) * 4, (y * w + x) * 4 + 3);
    const lb = computeLetterbox(w, h, 640, 384);
    const out = new Float32Array(3 * 640 * 384);
    letterboxToBgrTensor({ width: w, height: h, data }, lb, out);
    for (const x of [10, 11, 12, 300, 301]) expect(Math.abs(out[100 * 640 + x] - 127.5)).toBeLessThan(1);
  });

  it("refuses a buffer that is too small", () => {
    const lb = computeLetterbox(64, 64, 64, 64);
    expect(() => letterboxToBgrTensor(solid(64, 64, [0, 0, 0]), lb, new Float32Array(10))).toThrow(/too small/);
  });
});
