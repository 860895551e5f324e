import { describe, expect, it } from "vitest";
import { iou, nms } from "./nms";

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe("iou", () => {
  it("is 1 for identical boxes, 0 for disjoint or touching ones", () => {
    expect(iou(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(iou(box(0, 0, 10, 10), box(20, 20, 5, 5))).toBe(0);
    expect(iou(box(0, 0, 10, 10), box(10, 0, 10, 10))).toBe(0);
  });

  it("computes intersection over union", () => {
    // overlap 5x10 = 50, union 100 + 100 - 50 = 150
    expect(iou(box(0, 0, 10, 10), box(5, 0, 10, 10))).toBeCloseTo(1 / 3, 10);
    // contained: 25 / 100
    expect(iou(box(0, 0, 10, 10), box(2, 2, 5, 5))).toBeCloseTo(0.25, 10);
  });

  it("is 0 for empty boxes", () => {
    expect(iou(box(0, 0, 0, 0), box(0, 0, 0, 0))).toBe(0);
  });
});

describe("nms", () => {
  it("keeps the best of overlapping boxes and every separate box, best first", () => {
    const items = [
      { box: box(0, 0, 10, 10), score: 0.8, id: "a" },
      { box: box(1, 1, 10, 10), score: 0.9, id: "b" }, // overlaps a, better
      { box: box(50, 50, 10, 10), score: 0.7, id: "c" },
      { box: box(51, 50, 10, 10), score: 0.6, id: "d" }, // overlaps c
    ];
    expect(nms(items, 0.3).map((i) => i.id)).toEqual(["b", "c"]);
  });

  it("keeps overlapping boxes below the IoU threshold", () => {
    const items = [
      { box: box(0, 0, 10, 10), score: 0.9 },
      { box: box(5, 0, 10, 10), score: 0.8 }, // IoU 1/3
    ];
    expect(nms(items, 0.3)).toHaveLength(1);
    expect(nms(items, 0.4)).toHaveLength(2);
  });

  it("limits to topK and is stable on ties", () => {
    const items = [0, 1, 2, 3].map((i) => ({ box: box(i * 100, 0, 10, 10), score: 0.5, i }));
    expect(nms(items, 0.3, 2).map((x) => x.i)).toEqual([0, 1]);
    expect(nms([], 0.3)).toEqual([]);
  });
});
