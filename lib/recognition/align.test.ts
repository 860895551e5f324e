import { describe, expect, it } from "vitest";
import {
  ARCFACE_TEMPLATE,
  alignmentTransform,
  applySimilarity,
  estimateSimilarity,
  invertSimilarity,
  warpFaceToRgba,
  warpFaceToTensor,
  type Similarity,
} from "./align";
import type { Landmarks, Point, RgbaFrame } from "./types";

const close = (a: number, b: number, eps = 1e-9) => expect(Math.abs(a - b)).toBeLessThan(eps);

function transformAll(m: Similarity, pts: readonly Point[]): Landmarks {
  return pts.map((p) => applySimilarity(m, p)) as Landmarks;
}

describe("estimateSimilarity (Umeyama, 2-D)", () => {
  it("template -> template is the identity", () => {
    const m = alignmentTransform(ARCFACE_TEMPLATE);
    close(m.a, 1);
    close(m.b, 0);
    close(m.tx, 0);
    close(m.ty, 0);
  });

  it("recovers a known rotation, scale and translation exactly", () => {
    const theta = (30 * Math.PI) / 180;
    const s = 2.5;
    const known: Similarity = { a: s * Math.cos(theta), b: s * Math.sin(theta), tx: 100, ty: -40 };
    // Landmarks in the frame are the template pushed through the INVERSE of `known`,
    // so the alignment transform (frame -> template) must be `known` itself.
    const frameLandmarks = transformAll(invertSimilarity(known), ARCFACE_TEMPLATE);
    const m = alignmentTransform(frameLandmarks);
    close(m.a, known.a, 1e-9);
    close(m.b, known.b, 1e-9);
    close(m.tx, known.tx, 1e-7);
    close(m.ty, known.ty, 1e-7);
  });

  it("gives the least-squares fit for noisy points and never a reflection", () => {
    const src: Point[] = [
      [0, 0],
      [10, 0],
      [0, 10],
      [10, 10],
    ];
    const mirrored: Point[] = src.map(([x, y]) => [-x, y]);
    const m = estimateSimilarity(src, mirrored);
    // A proper similarity cannot mirror; the best one collapses towards zero scale.
    expect(Math.hypot(m.a, m.b)).toBeLessThan(1e-9);

    const noisy: Point[] = [
      [1, 0],
      [20, 1],
      [0, 19],
      [21, 21],
    ];
    const fit = estimateSimilarity(src, noisy);
    const err = (mm: Similarity) =>
      src.reduce((acc, p, i) => {
        const [x, y] = applySimilarity(mm, p);
        return acc + (x - noisy[i][0]) ** 2 + (y - noisy[i][1]) ** 2;
      }, 0);
    // Any perturbation of the solution is worse.
    for (const d of [1e-3, -1e-3]) {
      expect(err({ ...fit, a: fit.a + d })).toBeGreaterThan(err(fit));
      expect(err({ ...fit, b: fit.b + d })).toBeGreaterThan(err(fit));
      expect(err({ ...fit, tx: fit.tx + d })).toBeGreaterThan(err(fit));
    }
  });

  it("rejects degenerate input", () => {
    expect(() => estimateSimilarity([[1, 1]], [[2, 2]])).toThrow();
    expect(() =>
      estimateSimilarity(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(/identical/);
  });
});

describe("warpFaceToTensor", () => {
  /** A 112x112 image with R = x, G = y, B = 255 - x. */
  function gradient(size = 112): RgbaFrame {
    const data = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const o = (y * size + x) * 4;
        data[o] = x;
        data[o + 1] = y;
        data[o + 2] = 255 - x;
        data[o + 3] = 255;
      }
    }
    return { width: size, height: size, data };
  }

  it("with the identity copies pixels as ImageNet-normalised RGB planes", () => {
    const out = new Float32Array(3 * 112 * 112);
    warpFaceToTensor(gradient(), { a: 1, b: 0, tx: 0, ty: 0 }, out);
    const plane = 112 * 112;
    const at = (c: number, x: number, y: number) => out[c * plane + y * 112 + x];
    close(at(0, 10, 20), (10 / 255 - 0.485) / 0.229, 1e-5);
    close(at(1, 10, 20), (20 / 255 - 0.456) / 0.224, 1e-5);
    close(at(2, 10, 20), ((255 - 10) / 255 - 0.406) / 0.225, 1e-5);
  });

  it("samples the frame at the inverse transform, black outside", () => {
    const out = new Float32Array(3 * 112 * 112 * 2);
    // frame -> template shifts by (+5, +3): template pixel (u, v) shows frame (u - 5, v - 3)
    warpFaceToTensor(gradient(), { a: 1, b: 0, tx: 5, ty: 3 }, out, 3 * 112 * 112);
    const base = 3 * 112 * 112;
    const r = (x: number, y: number) => out[base + y * 112 + x] * 0.229 + 0.485;
    close(r(50, 50) * 255, 45, 1e-3);
    close(r(0, 50) * 255, 0, 1e-3); // outside the frame: black
    expect(out[0]).toBe(0); // offset respected: first face untouched
  });

  it("warpFaceToRgba gives the same crop as bytes", () => {
    const crop = warpFaceToRgba(gradient(), { a: 1, b: 0, tx: 0, ty: 0 });
    expect(crop.width).toBe(112);
    expect(Array.from(crop.data.slice((20 * 112 + 10) * 4, (20 * 112 + 10) * 4 + 4))).toEqual([10, 20, 245, 255]);
  });
});
