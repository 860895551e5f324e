/**
 * The real models on real photos from ../shared/faces (override with VIGIL_SHARED_DIR):
 * same person above the default threshold, different people below it, the faces in the group
 * photos, enrolment rejections, the worker handler end to end, and the evaluation's acceptance
 * figures.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitIntoFrame } from "./compose-frame";
import { enrolFromFrame } from "./enrol";
import { createGallery } from "./gallery";
import { createMatcher } from "./match";
import { defaultModelUrls, MODELS, MODEL_IDS } from "./models";
import { readImage } from "./node/decode-image";
import { evaluateFaces } from "./node/evaluate-faces";
import { createNodeRecognizer, findModelFile, sharedDir } from "./node/load-models";
import type { FaceRecognizer } from "./pipeline";
import { DEFAULT_MATCH_THRESHOLD } from "./thresholds";
import type { RgbaFrame } from "./types";
import { cosine } from "./vector";
import { createRecognitionHandler } from "./worker/handler";
import type { WorkerResponse } from "./worker/protocol";

const FACES = path.join(sharedDir(), "faces");
const photo = (rel: string) => readImage(path.join(FACES, rel));

let rec: FaceRecognizer;

beforeAll(async () => {
  rec = await createNodeRecognizer();
});
afterAll(async () => {
  await rec?.dispose();
});

async function embedPhoto(rel: string): Promise<Float32Array> {
  const r = await enrolFromFrame(rec, await photo(rel), { pick: "largest" });
  if (!r.ok) throw new Error(`${rel}: ${r.reason} ${r.detail}`);
  return r.embedding;
}

describe("real photos", () => {
  it("the same person scores above the default threshold", async () => {
    for (const [a, b] of [
      ["obama/1.jpg", "obama/2.jpg"],
      ["obama/1.jpg", "obama/4.jpg"],
      ["biden/1.jpg", "biden/2.jpg"],
      ["kit_harington/1.jpg", "kit_harington/3.jpg"],
      ["deepface_p01/1.jpg", "deepface_p01/3.jpg"],
    ]) {
      const s = cosine(await embedPhoto(a), await embedPhoto(b));
      expect(s, `${a} vs ${b}`).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
    }
  });

  it("different people score below the default threshold", async () => {
    const pairs = [
      ["obama/1.jpg", "biden/2.jpg"],
      ["kit_harington/1.jpg", "rose_leslie/1.jpg"],
      ["obama/2.jpg", "_unknown/1.png"],
      ["deepface_p01/1.jpg", "deepface_p02/1.jpg"],
      ["alex_lacamoire/1.jpg", "_unknown/2.jpg"],
    ];
    for (const [a, b] of pairs) {
      const s = cosine(await embedPhoto(a), await embedPhoto(b));
      expect(s, `${a} vs ${b}`).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    }
  });

  it("finds every expected face in the group photos", async () => {
    // faces/SOURCES.md: (score >= 0.9 / >= 0.6) = 2/2, 3/3, 2/2, 2/2, 3/6
    const expected: Record<string, [number, number]> = { "1.jpg": [2, 2], "2.jpg": [3, 3], "3.jpg": [2, 2], "4.jpg": [2, 2], "5.jpg": [3, 6] };
    for (const [file, [high, all]] of Object.entries(expected)) {
      const { detections } = await rec.detect(await photo(`_group/${file}`));
      expect(detections.length, `_group/${file}`).toBe(all);
      expect(detections.filter((d) => d.score >= 0.9).length, `_group/${file} >= 0.9`).toBe(high);
    }
  });

  it("identifies the enrolled people in a group photo and nobody else", async () => {
    const gallery = createGallery([
      { id: "obama", embedding: await embedPhoto("obama/1.jpg") },
      { id: "biden", embedding: await embedPhoto("biden/2.jpg") },
      { id: "kit_harington", embedding: await embedPhoto("kit_harington/1.jpg") },
    ]);
    const matcher = createMatcher(gallery);
    const r = await rec.recognize(await photo("_group/2.jpg"), { matcher, threshold: DEFAULT_MATCH_THRESHOLD });
    expect(r.faces).toHaveLength(3);
    expect(r.faces.map((f) => f.match?.id ?? null).sort()).toEqual(["biden", "obama", null].sort());
    const unknown = r.faces.find((f) => !f.match)!;
    expect(unknown.bestScore).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
  });

  it("detects a face in a 16:9 frame through the dynamic model", async () => {
    const frame = fitIntoFrame(await photo("obama/1.jpg"), 1280, 720);
    const r = await rec.recognize(frame);
    expect(r.detectorInput).toEqual({ width: 640, height: 384 });
    expect(r.faces).toHaveLength(1);
    expect(r.faces[0].quality.ok).toBe(true);
    const direct = await embedPhoto("obama/1.jpg");
    expect(cosine(r.faces[0].embedding!, direct)).toBeGreaterThan(0.85);
  });
});

describe("enrolment on real photos", () => {
  it("rejects a photo with two people of comparable size unless told to take the largest", async () => {
    const group = await photo("_group/1.jpg");
    expect(await enrolFromFrame(rec, group)).toMatchObject({ ok: false, reason: "multiple_faces" });
    expect(await enrolFromFrame(rec, group, { pick: "largest" })).toMatchObject({ ok: true });
  });

  it("rejects a photo without a face, and a face that is too small", async () => {
    const blank: RgbaFrame = { width: 640, height: 480, data: new Uint8ClampedArray(640 * 480 * 4).fill(128) };
    expect(await enrolFromFrame(rec, blank)).toMatchObject({ ok: false, reason: "no_face" });
    const tiny = fitIntoFrame(await photo("obama/1.jpg"), 160, 160);
    const r = await enrolFromFrame(rec, tiny);
    expect(r).toMatchObject({ ok: false, reason: "face_too_small" });
  });
});

describe("worker handler with the real models", () => {
  it("loads, enrols, recognises frames and emits one match event per track", async () => {
    const out: WorkerResponse[] = [];
    const byUrl = new Map(MODEL_IDS.map((id) => [defaultModelUrls()[id], findModelFile(id)]));
    const handler = createRecognitionHandler({
      post: (m) => out.push(m),
      fetchModel: async (url, onProgress) => {
        const bytes = await readFile(byUrl.get(url)!);
        onProgress(bytes.byteLength, bytes.byteLength);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
      decodeImage: async (img) => {
        if (img.kind !== "rgba") throw new Error("rgba only in this test");
        return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) };
      },
    });
    const asImage = (f: RgbaFrame) => ({ kind: "rgba" as const, width: f.width, height: f.height, data: f.data.slice().buffer as ArrayBuffer });

    await handler.handle({ type: "load", models: defaultModelUrls(), backend: "wasm", threshold: DEFAULT_MATCH_THRESHOLD, numThreads: 2 });
    expect(
      out
        .filter((m) => m.type === "progress")
        .map((m) => m.type === "progress" && m.model)
        .sort(),
    ).toEqual([...MODEL_IDS].sort());
    expect(out.at(-1)).toMatchObject({ type: "ready", backend: "wasm" });

    await handler.handle({ type: "enrol", requestId: 1, image: asImage(await photo("obama/1.jpg")), subjectId: "obama" });
    const enrolled = out.at(-1)!;
    expect(enrolled.type).toBe("enrolled");
    if (enrolled.type !== "enrolled") return;
    expect(enrolled.embedding).toHaveLength(128);
    expect(enrolled.face.faceSize).toBeGreaterThan(100);

    await handler.handle({ type: "setGallery", requestId: 2, gallery: { ids: ["obama"], vectors: enrolled.embedding } });
    expect(out.at(-1)).toMatchObject({ type: "galleryReady", size: 1 });

    const frame = fitIntoFrame(await photo("obama/2.jpg"), 1280, 720);
    const events = [];
    for (let i = 0; i < 4; i++) {
      await handler.handle({ type: "frame", frameId: i + 1, timestamp: i * 100, image: asImage(frame) });
      const r = out.at(-1)!;
      expect(r.type).toBe("result");
      if (r.type !== "result") return;
      expect(r.faces).toHaveLength(1);
      expect(r.faces[0].match?.id).toBe("obama");
      expect(r.faces[0].trackId).toBe(1);
      events.push(...r.events);
    }
    expect(events.filter((e) => e.type === "match")).toHaveLength(1);

    await handler.handle({ type: "enrol", requestId: 3, image: asImage(await photo("_group/1.jpg")) });
    expect(out.at(-1)).toMatchObject({ type: "enrolRejected", requestId: 3, reason: "multiple_faces" });
    await handler.handle({ type: "dispose" });
  });

  it("a corrupted model file is refused before inference", async () => {
    const out: WorkerResponse[] = [];
    const handler = createRecognitionHandler({
      post: (m) => out.push(m),
      fetchModel: async (url) => {
        const id = MODEL_IDS.find((m) => url.endsWith(MODELS[m].fileName))!;
        const bytes = new Uint8Array(await readFile(findModelFile(id)));
        if (id === "mobilefacenet") bytes[1000] ^= 0xff; // one flipped byte
        return bytes.buffer as ArrayBuffer;
      },
      decodeImage: async () => {
        throw new Error("unused");
      },
    });
    await handler.handle({ type: "load", models: defaultModelUrls(), backend: "wasm", threshold: 0.45 });
    expect(out.at(-1)).toMatchObject({ type: "error", op: "load", code: "model_integrity", fatal: true });
    expect(out.at(-1)!.type === "error" && (out.at(-1) as { message: string }).message).toMatch(/face_recognition_mobilefacenet_foamliu\.onnx/);
  });
});

describe("evaluation acceptance (../shared/faces)", () => {
  it("rank-1 on every probe, TPIR 1 and FPIR 0 at the default threshold", async () => {
    const r = await evaluateFaces(rec, FACES, DEFAULT_MATCH_THRESHOLD);
    expect(r.enrolFailures).toEqual([]);
    expect(r.probes).toBeGreaterThan(25);
    expect(r.rank1).toBe(r.probes);
    expect(r.tpir).toBe(1);
    expect(r.fpir).toBe(0);
    expect(r.misidentified).toBe(0);
    expect(r.genuineDistribution.min).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
    expect(r.impostorDistribution.max).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
    expect(r.groups.map((g) => g.faces)).toEqual([2, 3, 2, 2, 6]);
  }, 300_000); // the whole evaluation of ../shared/faces (flip-fused embeddings): a bound for a busy machine, not a speed check
});

describe("frame policy on a real photo (lib/recognition/frame-policy.ts)", () => {
  it("a small detector input is used only on frames that embed nothing; embeddings come from full-size landmarks", async () => {
    const frame = fitIntoFrame(await photo("obama/4.jpg"), 1280, 720);
    const full = await rec.recognize(frame);
    expect(full.faces).toHaveLength(1);
    const small = { detector: { maxSide: 320 }, refineSide: 640 };
    const skipped = await rec.recognize(frame, { ...small, embedFilter: (faces) => faces.map(() => false) });
    expect(skipped.detectorInput.width).toBe(320);
    expect(skipped.faces).toHaveLength(1);
    expect(skipped.faces[0].embedding).toBeNull();
    const stages: boolean[] = [];
    const refined = await rec.recognize(frame, { ...small, embedFilter: (faces, stage) => (stages.push(stage.coarse), faces.map(() => true)) });
    // Asked first on the small input's quality (coarse: only whether to refine), then on the refined one.
    expect(stages).toEqual([true, false]);
    const fullStages: boolean[] = [];
    await rec.recognize(frame, { refineSide: 640, embedFilter: (faces, stage) => (fullStages.push(stage.coarse), faces.map(() => false)) });
    expect(fullStages).toEqual([false]);
    // Landmarks found again in a region around the face, on the full input's grid and scale: the same
    // landmarks as a full-frame detection, for a fraction of its pixels.
    expect(refined.detectorInput.width).toBe(320);
    expect(refined.landmarksRefined).toBe("region");
    expect(cosine(refined.faces[0].embedding!, full.faces[0].embedding!)).toBeGreaterThan(0.9999);
    const drift = refined.faces[0].landmarks.map(([x, y], k) => Math.hypot(x - full.faces[0].landmarks[k][0], y - full.faces[0].landmarks[k][1]));
    expect(Math.max(...drift)).toBeLessThan(0.5);
  });
});

describe("the fixed 640x640 detector is created on the first square frame", () => {
  it("a 16:9 start-up never creates it; a square photo creates it once and detects as before", async () => {
    const fresh = await createNodeRecognizer();
    try {
      await fresh.warmUp(1280, 720);
      expect(fresh.detector.fixedSessionCreated).toBe(false);
      const wide = await fresh.recognize(fitIntoFrame(await photo("obama/4.jpg"), 1280, 720));
      expect(wide.faces).toHaveLength(1);
      expect(fresh.detector.fixedSessionCreated).toBe(false);
      const square = fitIntoFrame(await photo("obama/4.jpg"), 720, 720);
      const a = await fresh.recognize(square);
      const b = await fresh.recognize(square);
      expect(fresh.detector.fixedSessionCreated).toBe(true);
      expect(a.detectorInput).toEqual({ width: 640, height: 640 });
      expect(a.faces).toHaveLength(1);
      expect(b.faces[0].box).toEqual(a.faces[0].box);
      // The same result as a recognizer whose fixed session was created up front (the shared `rec`).
      const reference = await rec.recognize(square);
      expect(cosine(a.faces[0].embedding!, reference.faces[0].embedding!)).toBeGreaterThan(0.9999);
    } finally {
      await fresh.dispose();
    }
  });
});
