import { describe, expect, it } from "vitest";
import { findSelfIntersection, pointInRing, validateZoneGeometry, type Position } from "./zone-geometry";

const MAX = 2_000_000;
// About 170 m x 155 m at King's Cross, counter-clockwise.
const square: Position[] = [
  [-0.12475, 51.53035],
  [-0.12225, 51.53035],
  [-0.12225, 51.53175],
  [-0.12475, 51.53175],
  [-0.12475, 51.53035],
];

describe("zone geometry", () => {
  it("accepts a small closed polygon and reports its area", () => {
    const r = validateZoneGeometry([square], MAX);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.vertices).toBe(4);
    expect(r.areaM2).toBeGreaterThan(20_000);
    expect(r.areaM2).toBeLessThan(30_000);
  });

  it("normalises a clockwise ring to counter-clockwise", () => {
    const r = validateZoneGeometry([[...square].reverse()], MAX);
    expect(r.ok && r.polygon.coordinates[0]).toEqual(square);
  });

  it("refuses an open ring, holes, too few or too many corners", () => {
    expect(validateZoneGeometry([square.slice(0, 4)], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/not closed/) });
    expect(validateZoneGeometry([square, square], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/one ring/) });
    expect(validateZoneGeometry([[square[0], square[1], square[0]]], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/at least 3/) });
    const circle: Position[] = Array.from({ length: 201 }, (_, i) => [
      -0.1235 + 0.001 * Math.cos((2 * Math.PI * i) / 201),
      51.531 + 0.001 * Math.sin((2 * Math.PI * i) / 201),
    ]);
    circle.push(circle[0]);
    expect(validateZoneGeometry([circle], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/at most 200 corners; this one has 201/) });
    expect(validateZoneGeometry([circle.slice(0, 200).concat([circle[0]])], MAX).ok).toBe(true);
  });

  it("refuses coordinates out of range, non-numbers and repeated points", () => {
    expect(
      validateZoneGeometry(
        [
          [
            [-200, 51],
            [0, 51],
            [0, 52],
            [-200, 51],
          ],
        ],
        MAX,
      ),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/longitude -200/) });
    expect(
      validateZoneGeometry(
        [
          [
            [0, 95],
            [1, 51],
            [0, 52],
            [0, 95],
          ],
        ],
        MAX,
      ),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/latitude 95/) });
    expect(
      validateZoneGeometry(
        [
          [
            [0, NaN],
            [1, 51],
            [0, 52],
            [0, NaN],
          ],
        ],
        MAX,
      ),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/pair of numbers/) });
    const repeated = [square[0], square[1], square[1], square[2], square[3], square[0]];
    expect(validateZoneGeometry([repeated], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/repeats/) });
  });

  it("refuses a bow-tie and a fold-back", () => {
    const bowTie: Position[] = [square[0], square[2], square[1], square[3], square[0]];
    expect(validateZoneGeometry([bowTie], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/crosses itself/) });
    const foldBack: Position[] = [
      [0, 0],
      [0.002, 0],
      [0.001, 0],
      [0.001, 0.001],
      [0, 0],
    ];
    expect(findSelfIntersection(foldBack)).not.toBeNull();
  });

  it("refuses a zone too large to be targeted, and a sliver too small to be real", () => {
    const city: Position[] = [
      [-0.2, 51.45],
      [0, 51.45],
      [0, 51.55],
      [-0.2, 51.55],
      [-0.2, 51.45],
    ];
    expect(validateZoneGeometry([city], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/targeted/) });
    expect(validateZoneGeometry([city], 1e9).ok).toBe(true);
    const tiny: Position[] = [
      [0, 0],
      [0.00005, 0],
      [0.00005, 0.00005],
      [0, 0],
    ];
    expect(validateZoneGeometry([tiny], MAX)).toMatchObject({ ok: false, message: expect.stringMatching(/at least 100 m²/) });
  });

  it("point in polygon", () => {
    expect(pointInRing(-0.1235, 51.531, square)).toBe(true);
    expect(pointInRing(-0.13, 51.531, square)).toBe(false);
  });
});
