import { describe, expect, it } from "vitest";
import { decodeYunet, scaleDetection, YUNET_STRIDES, type YunetOutputs } from "./decode-yunet";

/** Zeroed YuNet outputs for an input of w x h. */
function emptyOutputs(w: number, h: number): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const s of YUNET_STRIDES) {
    const n = Math.floor(w / s) * Math.floor(h / s);
    out[`cls_${s}`] = new Float32Array(n);
    out[`obj_${s}`] = new Float32Array(n);
    out[`bbox_${s}`] = new Float32Array(n * 4);
    out[`kps_${s}`] = new Float32Array(n * 10);
  }
  return out;
}

describe("decodeYunet", () => {
  it("decodes one prior into the OpenCV box and landmarks", () => {
    const w = 640,
      h = 384;
    const o = emptyOutputs(w, h);
    // stride 16 grid is 40 x 24; cell row 5, col 7
    const cols = w / 16;
    const idx = 5 * cols + 7;
    o.cls_16[idx] = 0.81;
    o.obj_16[idx] = 1.0;
    o.bbox_16.set([0.5, 0.25, Math.log(4), Math.log(5)], idx * 4);
    o.kps_16.set([0, 0, 1, 0, 0.5, 0.5, 0.1, 1, 0.9, 1], idx * 10);

    const dets = decodeYunet(o, w, h, 0.5);
    expect(dets).toHaveLength(1);
    const d = dets[0];
    expect(d.score).toBeCloseTo(0.9, 6); // sqrt(0.81 * 1)
    // centre ((7 + 0.5) * 16, (5 + 0.25) * 16) = (120, 84); size (4*16, 5*16) = (64, 80)
    expect(d.box.x).toBeCloseTo(120 - 32, 4);
    expect(d.box.y).toBeCloseTo(84 - 40, 4);
    expect(d.box.width).toBeCloseTo(64, 4);
    expect(d.box.height).toBeCloseTo(80, 4);
    expect(d.landmarks[0]).toEqual([112, 80]);
    expect(d.landmarks[1]).toEqual([128, 80]);
    expect(d.landmarks[2][0]).toBeCloseTo(120, 6);
    expect(d.landmarks[2][1]).toBeCloseTo(88, 6);
    expect(d.landmarks[4][0]).toBeCloseTo((7 + 0.9) * 16, 6);
    expect(d.landmarks[4][1]).toBeCloseTo((5 + 1) * 16, 6);
  });

  it("uses each stride's own grid", () => {
    const w = 64,
      h = 64;
    const o = emptyOutputs(w, h);
    // stride 32: 2x2 grid, last cell (row 1, col 1)
    o.cls_32[3] = 1;
    o.obj_32[3] = 1;
    // stride 8: 8x8 grid, cell (row 2, col 6)
    o.cls_8[2 * 8 + 6] = 1;
    o.obj_8[2 * 8 + 6] = 1;
    const dets = decodeYunet(o, w, h, 0.5);
    expect(dets).toHaveLength(2);
    const centres = dets.map((d) => [d.box.x + d.box.width / 2, d.box.y + d.box.height / 2]);
    expect(centres).toContainEqual([6 * 8, 2 * 8]);
    expect(centres).toContainEqual([32, 32]);
    // exp(0) * stride
    expect(dets.map((d) => d.box.width).sort((a, b) => a - b)).toEqual([8, 32]);
  });

  it("clamps cls/obj to [0,1] and applies the score threshold", () => {
    const o = emptyOutputs(32, 32);
    o.cls_8[0] = 1.7; // clamped to 1
    o.obj_8[0] = 0.64;
    o.cls_8[1] = -0.2; // clamped to 0
    o.obj_8[1] = 1;
    o.cls_8[2] = 0.5;
    o.obj_8[2] = 0.5; // score 0.5, just below 0.6
    const dets = decodeYunet(o, 32, 32, 0.6);
    expect(dets).toHaveLength(1);
    expect(dets[0].score).toBeCloseTo(0.8, 6);
  });

  it("rejects outputs that do not fit the input size", () => {
    const o: YunetOutputs = emptyOutputs(32, 32);
    expect(() => decodeYunet(o, 64, 64, 0.5)).toThrow(/shorter/);
    const missing: YunetOutputs = { ...o };
    delete (missing as Record<string, unknown>).kps_16;
    expect(() => decodeYunet(missing, 32, 32, 0.5)).toThrow(/missing/);
  });
});

describe("scaleDetection", () => {
  it("maps detector input pixels back to frame pixels", () => {
    const d = scaleDetection(
      {
        box: { x: 10, y: 20, width: 30, height: 40 },
        landmarks: [
          [1, 2],
          [3, 4],
          [5, 6],
          [7, 8],
          [9, 10],
        ],
        score: 0.9,
      },
      0.5,
    );
    expect(d.box).toEqual({ x: 20, y: 40, width: 60, height: 80 });
    expect(d.landmarks[4]).toEqual([18, 20]);
    expect(d.score).toBe(0.9);
  });
});
