import { describe, expect, it } from "vitest";
import { ARCFACE_TEMPLATE } from "./align";
import { findDuplicates, selectEnrolFace } from "./enrol";
import { createGallery } from "./gallery";
import type { Detection, Landmarks } from "./types";
import { l2NormalizeInPlace } from "./vector";

function face(x: number, s: number, score = 0.95): Detection {
  return {
    box: { x, y: 50, width: 112 * s, height: 112 * s },
    landmarks: ARCFACE_TEMPLATE.map(([px, py]) => [x + px * s, 50 + py * s]) as Landmarks,
    score,
  };
}

describe("selectEnrolFace", () => {
  it("no detections: no_face", () => {
    expect(selectEnrolFace([], 800, 600)).toMatchObject({ ok: false, reason: "no_face" });
  });

  it("one good face is chosen", () => {
    const r = selectEnrolFace([face(100, 2)], 800, 600);
    expect(r.ok).toBe(true);
  });

  it("two good faces of comparable size: multiple_faces, unless pick=largest", () => {
    const dets = [face(50, 2), face(400, 1.6)];
    expect(selectEnrolFace(dets, 800, 600)).toMatchObject({ ok: false, reason: "multiple_faces" });
    const r = selectEnrolFace(dets, 800, 600, { pick: "largest" });
    expect(r.ok && r.face.box.x).toBe(50);
  });

  it("a small background face does not block enrolment", () => {
    const r = selectEnrolFace([face(500, 0.7), face(50, 2.5)], 800, 600);
    expect(r.ok && r.face.box.x).toBe(50);
    expect(r.ok && r.facesIgnored).toBe(1);
  });

  it("too small or poor faces are rejected with their reason", () => {
    expect(selectEnrolFace([face(100, 0.4)], 800, 600)).toMatchObject({ ok: false, reason: "face_too_small" });
    expect(selectEnrolFace([face(100, 2, 0.65)], 800, 600)).toMatchObject({ ok: false, reason: "low_quality" });
    const tilted = face(100, 2);
    tilted.landmarks = [
      [150, 150],
      [170, 150],
      [260, 200],
      [150, 260],
      [166, 260],
    ];
    expect(selectEnrolFace([tilted], 800, 600)).toMatchObject({ ok: false, reason: "low_quality" });
  });
});

describe("findDuplicates", () => {
  const v = (...xs: number[]) => {
    const a = new Float32Array(128);
    xs.forEach((x, i) => (a[i] = x));
    l2NormalizeInPlace(a);
    return a;
  };
  const gallery = createGallery([
    { id: "e1", subjectId: "alice", embedding: v(1, 0.1) },
    { id: "e2", subjectId: "bob", embedding: v(1, 0.2) },
    { id: "e3", subjectId: "carol", embedding: v(0, 1) },
    { id: "e4", subjectId: "dave", embedding: v(1, 0.05) },
  ]);

  it("flags entries of other subjects above the threshold, best first, ignoring the same subject", () => {
    const hits = findDuplicates(gallery, v(1, 0.1), "alice", 0.9);
    expect(hits.map((h) => h.subjectId)).toEqual(["dave", "bob"]);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
  });

  it("flags nothing when nobody is close", () => {
    expect(findDuplicates(gallery, v(0, 0, 1), "zed", 0.4)).toEqual([]);
  });
});
