import { describe, expect, it } from "vitest";
import type { DetectResult, DetectorOptions } from "./detect";
import { cropFrame, refineLandmarks, refineRegion } from "./refine-landmarks";
import type { Detection, RgbaFrame } from "./types";

const frame = (width: number, height: number): RgbaFrame => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data[i * 4] = i % 251;
  return { width, height, data };
};

const face = (x: number, y: number, size: number): Detection => ({
  box: { x, y, width: size, height: size },
  landmarks: [
    [x + size * 0.3, y + size * 0.4],
    [x + size * 0.7, y + size * 0.4],
    [x + size * 0.5, y + size * 0.6],
    [x + size * 0.35, y + size * 0.8],
    [x + size * 0.65, y + size * 0.8],
  ],
  score: 0.9,
});

/** A detector that "finds" the given faces (frame coordinates) inside whatever crop it is shown. */
function fakeDetector(facesInFrame: Detection[], origin: () => { x: number; y: number }) {
  const calls: { width: number; height: number; maxSide: number }[] = [];
  const detect = async (f: RgbaFrame, o: Partial<DetectorOptions>): Promise<DetectResult> => {
    calls.push({ width: f.width, height: f.height, maxSide: o.maxSide! });
    const { x, y } = origin();
    const inside = facesInFrame
      .filter((d) => d.box.x >= x && d.box.y >= y && d.box.x + d.box.width <= x + f.width && d.box.y + d.box.height <= y + f.height)
      .map((d) => ({
        ...d,
        box: { ...d.box, x: d.box.x - x, y: d.box.y - y },
        landmarks: d.landmarks.map(([a, b]) => [a - x, b - y]) as Detection["landmarks"],
      }));
    return { detections: inside, input: { width: o.maxSide!, height: o.maxSide!, model: "yunet-dynamic" }, timings: { preprocess: 1, detect: 2, decode: 3 } };
  };
  return { detect, calls };
}

describe("refineRegion", () => {
  it("pads the face by the margin, snaps to the full input's 32-pixel grid and keeps its scale", () => {
    // 1280 wide at 640: 0.5 detector pixels per frame pixel, so the grid is 64 frame pixels.
    const r = refineRegion(1280, 720, { x: 500, y: 200, width: 200, height: 200 }, 0.5);
    expect(r).toEqual({ x: 320, y: 64, width: 512, height: 512, side: 256 });
    const edge = refineRegion(1280, 720, { x: 0, y: 600, width: 100, height: 100 }, 0.5);
    expect(edge).toMatchObject({ x: 0, width: 256, height: 256 });
    // past the bottom of the frame up to the full input's padded edge (768 = 384 / 0.5), never further
    expect(edge.y + edge.height).toBe(768);
    // square where the frame allows: a tall face gets a square region
    expect(refineRegion(1280, 720, { x: 600, y: 200, width: 100, height: 180 }, 0.5)).toMatchObject({ width: 448, height: 448, side: 224 });
    // never larger than the padded frame
    expect(refineRegion(1280, 720, { x: 300, y: 50, width: 600, height: 600 }, 0.5)).toMatchObject({ y: 0, height: 768 });
  });
});

describe("cropFrame", () => {
  it("copies exactly the rectangle's pixels, zeros outside the frame", () => {
    const f = frame(10, 6);
    const c = cropFrame(f, { x: 3, y: 2, width: 4, height: 3 });
    expect(c.width).toBe(4);
    expect(c.height).toBe(3);
    for (let row = 0; row < 3; row++) for (let col = 0; col < 4; col++) expect(c.data[(row * 4 + col) * 4]).toBe(f.data[((row + 2) * 10 + col + 3) * 4]);
    const out = cropFrame(f, { x: 8, y: 4, width: 4, height: 4 });
    expect(out.data[(1 * 4 + 1) * 4]).toBe(f.data[(5 * 10 + 9) * 4]);
    expect(out.data[(1 * 4 + 2) * 4]).toBe(0);
    expect(out.data[(2 * 4 + 0) * 4]).toBe(0);
  });
});

describe("refineLandmarks", () => {
  it("finds a face again in its region and returns it in frame coordinates", async () => {
    const f = frame(1280, 720);
    const truth = face(502, 203, 198);
    const coarse = face(500, 200, 200);
    const region = refineRegion(1280, 720, coarse.box, 0.5);
    const { detect, calls } = fakeDetector([truth], () => region);
    const r = await refineLandmarks(detect, f, [coarse], 640);
    expect(r).not.toBeNull();
    expect(calls).toEqual([{ width: region.width, height: region.height, maxSide: 256 }]);
    expect(r!.detections[0].box).toEqual(truth.box);
    expect(r!.detections[0].landmarks).toEqual(truth.landmarks);
    expect(r!.timings).toEqual({ preprocess: expect.any(Number), detect: 2, decode: 3 });
  });

  it("gives up (the caller detects the whole frame) when a face is not found again", async () => {
    const coarse = face(500, 200, 200);
    const { detect } = fakeDetector([face(100, 100, 50)], () => refineRegion(1280, 720, coarse.box, 0.5));
    expect(await refineLandmarks(detect, frame(1280, 720), [coarse], 640)).toBeNull();
  });

  it("gives up without detecting when the regions would cost more than one full-frame detection", async () => {
    const faces = [face(0, 0, 300), face(400, 0, 300), face(800, 0, 300), face(0, 400, 300)];
    const { detect, calls } = fakeDetector(faces, () => ({ x: 0, y: 0 }));
    expect(await refineLandmarks(detect, frame(1280, 720), faces, 640)).toBeNull();
    expect(calls).toHaveLength(0);
  });
});
