import { describe, expect, it } from "vitest";
import { maskRegions, pruneHistory, type BoxesAt } from "./privacy-mask";

const face = (x: number, label: string | null = null) => ({ x, y: 50, width: 40, height: 60, label });

describe("privacy mask", () => {
  it("scales boxes from the processed frame to the tile, with a margin around faces to blur", () => {
    const history: BoxesAt[] = [{ at: 1000, w: 640, h: 360, faces: [face(100), face(300, "WL-0001")] }];
    const r = maskRegions(history, 1100, 320, 180)!;
    expect(r.blur).toHaveLength(1);
    expect(r.blur[0].x).toBeCloseTo(50 - 20 * 0.3);
    expect(r.blur[0].w).toBeCloseTo(20 * 1.6);
    expect(r.matches).toEqual([{ x: 150, y: 25, w: 20, h: 30, label: "WL-0001" }]);
  });

  it("keeps blurring where an unmatched face was a moment ago, but not a face that has just been matched", () => {
    const history: BoxesAt[] = [
      { at: 1000, w: 640, h: 360, faces: [face(100), face(300)] },
      { at: 1200, w: 640, h: 360, faces: [face(110), face(302, "WL-0001")] },
    ];
    const r = maskRegions(history, 1300, 640, 360)!;
    expect(r.blur.map((b) => Math.round(b.x + 12))).toEqual([100, 110]);
    expect(r.matches.map((m) => m.label)).toEqual(["WL-0001"]);
    // Older than the history window: only the newest boxes count.
    expect(maskRegions(history, 1000 + 900, 640, 360)!.blur).toHaveLength(1);
  });

  it("fails closed: stale or missing boxes mean the whole picture is blurred", () => {
    expect(maskRegions([{ at: 0, w: 640, h: 360, faces: [] }], 5000, 320, 180)).toBeNull();
    expect(maskRegions([], 0, 320, 180)).toBeNull();
    expect(maskRegions([{ at: 0, w: 640, h: 360, faces: [] }], 10, 320, 180)).toEqual({ blur: [], matches: [] });
  });

  it("prunes old boxes but always keeps the newest", () => {
    const h: BoxesAt[] = [
      { at: 0, w: 1, h: 1, faces: [] },
      { at: 5000, w: 1, h: 1, faces: [] },
    ];
    expect(pruneHistory(h, 5100).map((b) => b.at)).toEqual([5000]);
    expect(pruneHistory(h, 99_000).map((b) => b.at)).toEqual([5000]);
  });
});
