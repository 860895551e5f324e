import { describe, expect, it } from "vitest";
import { fuseEnrolment } from "../fuse-enrolment";
import { buildGallery, entryScores, type EvalConfig, type Protocol } from "./evaluate-open-set";
import type { FaceRecord, ImageRecord } from "./face-cache";

const unit = (...v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v.map((x) => x / n));
};
const face = (emb: Float32Array): FaceRecord => ({ box: [0, 0, 100, 100], score: 0.95, faceSize: 100, alignmentError: 2, emb, flip: emb });
const photo = (rel: string, emb: Float32Array): { rel: string; record: ImageRecord } => ({
  rel,
  record: { width: 250, height: 250, faces: [face(emb)], detections: 1 },
});

// Two people with 4 photos each, one with 2: the multi-photo subset keeps the first two only.
const protocol: Protocol = {
  subjects: [
    { id: "a", photos: [photo("a/1", unit(1, 0, 0)), photo("a/2", unit(0, 1, 0)), photo("a/3", unit(1, 1, 0)), photo("a/4", unit(1, 1, 0.1))] },
    { id: "b", photos: [photo("b/1", unit(0, 0, 1)), photo("b/2", unit(0, 1, 1)), photo("b/3", unit(0, 1, 1)), photo("b/4", unit(0, 1, 1))] },
    { id: "c", photos: [photo("c/1", unit(1, 0, 1)), photo("c/2", unit(1, 0, 1))] },
  ],
  unknown: [],
  cohort: [],
};
const base: EvalConfig = { name: "t", flip: false, norm: "none", enrolPhotos: 2 };

describe("enrolment from several photos in the evaluation", () => {
  it("`mean` (the product's rule) packs one fused row per person; `max` one row per photo", () => {
    const mean = buildGallery(protocol, { ...base, enrolFusion: "mean" });
    expect(mean.entries).toEqual(["a", "b", "c"]);
    expect(mean.gallery.ids).toEqual(["a", "b", "c"]);
    expect(Array.from(mean.gallery.vectors[0])).toEqual(Array.from(fuseEnrolment([unit(1, 0, 0), unit(0, 1, 0)])));
    // c has 2 photos: fewer than enrolPhotos + 1, so it is enrolled from its first only.
    expect(Array.from(mean.gallery.vectors[2])).toEqual(Array.from(unit(1, 0, 1)));
    const max = buildGallery(protocol, { ...base, enrolFusion: "max" });
    expect(max.gallery.ids).toEqual(["a", "a", "b", "b", "c"]);
    expect(Array.from(max.rowEntry)).toEqual([0, 0, 1, 1, 2]);
    expect(buildGallery(protocol, base).gallery.ids).toEqual(mean.gallery.ids);
  });

  it("an entry scores its best row under `max`; the multi-photo subset searches the same probes whatever is enrolled", () => {
    expect(Array.from(entryScores(Float64Array.from([0.2, 0.7, 0.1, 0.3, 0.5]), Int32Array.from([0, 0, 1, 1, 2]), 3))).toEqual([0.7, 0.3, 0.5]);
    const probesOf = (c: EvalConfig) => buildGallery(protocol, c).probes.map((p) => `${p.subject.id}/${p.photoIndex}`);
    expect(probesOf({ ...base, enrolPhotos: 1, multiPhotoSubset: 2 })).toEqual(["a/2", "a/3", "b/2", "b/3"]);
    expect(probesOf({ ...base, multiPhotoSubset: 2 })).toEqual(["a/2", "a/3", "b/2", "b/3"]);
    expect(probesOf({ ...base, enrolPhotos: 3, multiPhotoSubset: 3 })).toEqual(["a/3", "b/3"]);
    expect(probesOf({ ...base, enrolPhotos: 1 })).toEqual(["a/1", "a/2", "a/3", "b/1", "b/2", "b/3", "c/1"]);
  });
});
