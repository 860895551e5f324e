import { describe, expect, it } from "vitest";
import { ARCFACE_TEMPLATE } from "./align";
import { assessQuality, DEFAULT_QUALITY } from "./quality";
import type { Detection, Landmarks } from "./types";

/** A frontal face: the template scaled by `s` and moved to (x, y). */
function face(x: number, y: number, s: number, score = 0.95): Detection {
  return {
    box: { x, y, width: 112 * s, height: 112 * s },
    landmarks: ARCFACE_TEMPLATE.map(([px, py]) => [x + px * s, y + py * s]) as Landmarks,
    score,
  };
}

describe("assessQuality", () => {
  it("accepts a large, confident, frontal face inside the frame", () => {
    const q = assessQuality(face(100, 100, 1.5), 1280, 720);
    expect(q).toMatchObject({ ok: true, reasons: [] });
    expect(q.alignmentError).toBeLessThan(1e-6);
    expect(q.faceSize).toBeCloseTo(168, 6);
  });

  it("gives a reason code for each failed gate", () => {
    expect(assessQuality(face(100, 100, 0.2), 1280, 720).reasons).toEqual(["face_too_small"]);
    expect(assessQuality(face(100, 100, 1, 0.5), 1280, 720).reasons).toEqual(["low_score"]);
    expect(assessQuality(face(1240, 100, 1), 1280, 720).reasons).toEqual(["landmarks_outside_frame"]);
    const profile = face(100, 100, 1);
    // Eyes and mouth squeezed to one side of the nose: not a frontal face.
    profile.landmarks = [
      [150, 150],
      [160, 150],
      [200, 170],
      [150, 190],
      [158, 190],
    ];
    expect(assessQuality(profile, 1280, 720).reasons).toEqual(["extreme_pose"]);
    const all = assessQuality({ ...face(-50, 100, 0.2, 0.3) }, 1280, 720);
    expect(all.ok).toBe(false);
    expect(all.reasons).toEqual(["face_too_small", "low_score", "landmarks_outside_frame"]);
  });

  it("honours custom gates", () => {
    expect(assessQuality(face(0, 0, 0.2), 640, 480, { ...DEFAULT_QUALITY, minFaceSize: 10 }).ok).toBe(true);
  });
});
