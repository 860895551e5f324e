import { describe, expect, it } from "vitest";
import { fuseEnrolment } from "./fuse-enrolment";

const unit = (...v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v.map((x) => x / n));
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, k) => s + x * b[k], 0);

describe("fuseEnrolment (several photos of one entry → one gallery row)", () => {
  it("one photo is returned unchanged (unit length)", () => {
    const v = unit(3, 4, 0);
    expect(Array.from(fuseEnrolment([v]))).toEqual(Array.from(v));
  });

  it("is the normalised mean: every photo weighs the same, whatever its order", () => {
    const a = unit(1, 0, 0);
    const b = unit(0, 1, 0);
    const c = unit(0, 0, 1);
    const f = fuseEnrolment([a, b, c]);
    for (const k of [0, 1, 2]) expect(f[k]).toBeCloseTo(1 / Math.sqrt(3), 6);
    expect(Array.from(fuseEnrolment([c, a, b]))).toEqual(Array.from(f));
    expect(dot(f, f)).toBeCloseTo(1, 6);
  });

  it("scores a probe like neither photo alone: closer to what the photos share", () => {
    const a = unit(1, 0.2, 0);
    const b = unit(1, -0.2, 0.1);
    const probe = unit(1, 0, 0.05);
    const f = fuseEnrolment([a, b]);
    expect(dot(f, probe)).toBeGreaterThan(Math.max(dot(a, probe), dot(b, probe)));
  });

  it("refuses no photos and mixed dimensions", () => {
    expect(() => fuseEnrolment([])).toThrow(/no embeddings/);
    expect(() => fuseEnrolment([unit(1, 0), unit(1, 0, 0)])).toThrow(/mixed dimensions/);
  });
});
