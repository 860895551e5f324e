/**
 * Bring your own model: an embedding model named by a manifest entry (lib/recognition/embedding-models.json)
 * is loaded from its file, checked against the entry's SHA-256, and fed faces aligned, ordered and
 * normalised as the entry says. The stand-in model here is ONNX `Flatten`: its "embedding" is the
 * very tensor the pipeline gave it, so the test reads back what the model was fed.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARCFACE_TEMPLATE } from "./align";
import { embeddingModel, type EmbeddingModelSpec } from "./embedding-models";
import { enrolFromFrame } from "./enrol";
import { readImage } from "./node/decode-image";
import { createNodeRecognizer, modelSearchDirs, sharedDir } from "./node/load-models";
import { encodeOnnxModel } from "./onnx-proto";
import type { Landmarks, RgbaFrame } from "./types";
import { sha256Hex } from "./verify-model";

const SIZE = 32;
let dir: string;
let probe: EmbeddingModelSpec;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vigil-byo-model-"));
  const bytes = encodeOnnxModel({
    name: "flatten",
    nodes: [{ op: "Flatten", inputs: ["face"], outputs: ["embedding"] }],
    inputs: [{ name: "face", dims: ["batch", 3, SIZE, SIZE] }],
    outputs: [{ name: "embedding", dims: ["batch", 3 * SIZE * SIZE] }],
  });
  await writeFile(path.join(dir, "flatten-probe.onnx"), bytes);
  probe = {
    id: "flatten-probe",
    version: "Flatten (test stand-in)",
    fileName: "flatten-probe.onnx",
    sha256: await sha256Hex(bytes),
    bytes: bytes.length,
    inputSize: SIZE,
    channelOrder: "BGR",
    normalisation: { mean: [0.1, 0.2, 0.3], std: [0.5, 0.25, 0.125] },
    dimension: 3 * SIZE * SIZE,
    alignment: "arcface-5pt",
    licence: "test only",
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A 200x200 frame of one colour, and a face whose landmarks sit on the template 40 px in. */
function uniformFace(rgb: [number, number, number]): { frame: RgbaFrame; landmarks: Landmarks } {
  const data = new Uint8ClampedArray(200 * 200 * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  const landmarks = ARCFACE_TEMPLATE.map(([x, y]) => [x + 40, y + 40]) as Landmarks;
  return { frame: { width: 200, height: 200, data }, landmarks };
}

const face = (landmarks: Landmarks) => ({ box: { x: 40, y: 40, width: 112, height: 112 }, landmarks, score: 0.99 });

describe("an embedding model from a manifest entry", () => {
  it("is fed the crop size, channel order and normalisation its entry names, and its dimension comes back", async () => {
    for (const channelOrder of ["BGR", "RGB"] as const) {
      const spec = { ...probe, channelOrder };
      const rec = await createNodeRecognizer({ embeddingModel: spec, modelDirs: [dir, ...modelSearchDirs()], numThreads: 1 });
      try {
        expect(rec.embeddingDim).toBe(3 * SIZE * SIZE);
        const { frame, landmarks } = uniformFace([200, 100, 50]);
        const { embeddings } = await rec.embedFaces(frame, [face(landmarks)]);
        expect(embeddings).toHaveLength(3 * SIZE * SIZE);
        // Expected planes in the entry's order, each (pixel/255 - mean) / std, then L2-normalised.
        const pixel = channelOrder === "BGR" ? [50, 100, 200] : [200, 100, 50];
        const plane = pixel.map((p, c) => (p / 255 - spec.normalisation.mean[c]) / spec.normalisation.std[c]);
        const norm = Math.sqrt(plane.reduce((s, v) => s + v * v * SIZE * SIZE, 0));
        for (let c = 0; c < 3; c++) {
          const values = embeddings.subarray(c * SIZE * SIZE, (c + 1) * SIZE * SIZE);
          for (const v of values) expect(v).toBeCloseTo(plane[c] / norm, 5);
        }
      } finally {
        await rec.dispose();
      }
    }
  });

  it("aligns to the template scaled to its crop size: a face's eyes land where the template puts them", async () => {
    const rec = await createNodeRecognizer({
      embeddingModel: { ...probe, channelOrder: "RGB", normalisation: { mean: [0, 0, 0], std: [1, 1, 1] } },
      modelDirs: [dir, ...modelSearchDirs()],
      numThreads: 1,
    });
    try {
      // Black frame with two white dots at the landmarks' eyes: in the 32 px crop they must fall at template x 32/112.
      const { frame, landmarks } = uniformFace([0, 0, 0]);
      for (const [x, y] of landmarks.slice(0, 2))
        for (let dy = -2; dy <= 2; dy++)
          for (let dx = -2; dx <= 2; dx++) frame.data.set([255, 255, 255], ((Math.round(y) + dy) * 200 + Math.round(x) + dx) * 4);
      const { embeddings } = await rec.embedFaces(frame, [face(landmarks)]);
      const red = embeddings.subarray(0, SIZE * SIZE);
      for (const [tx, ty] of ARCFACE_TEMPLATE.slice(0, 2)) {
        const u = Math.round((tx * SIZE) / 112),
          v = Math.round((ty * SIZE) / 112);
        expect(red[v * SIZE + u]).toBeGreaterThan(0);
      }
      expect(red[0]).toBe(0);
    } finally {
      await rec.dispose();
    }
  });

  it("aligns to the entry's own template when it gives one: the eyes land on its points, not on ArcFace's", async () => {
    // A template unlike ArcFace's (eyes higher and wider), in the 32 px crop's pixels.
    const template: Landmarks = [
      [8, 8],
      [24, 8],
      [16, 16],
      [10, 24],
      [22, 24],
    ];
    const rec = await createNodeRecognizer({
      embeddingModel: { ...probe, channelOrder: "RGB", normalisation: { mean: [0, 0, 0], std: [1, 1, 1] }, alignment: { template } },
      modelDirs: [dir, ...modelSearchDirs()],
      numThreads: 1,
    });
    try {
      // The face in the frame is the template x 4, 40 px in; white dots at its eyes.
      const { frame } = uniformFace([0, 0, 0]);
      const landmarks = template.map(([x, y]) => [x * 4 + 40, y * 4 + 40]) as Landmarks;
      for (const [x, y] of landmarks.slice(0, 2))
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) frame.data.set([255, 255, 255], ((y + dy) * 200 + x + dx) * 4);
      const { embeddings } = await rec.embedFaces(frame, [face(landmarks)]);
      const red = embeddings.subarray(0, SIZE * SIZE);
      for (const [u, v] of template.slice(0, 2)) expect(red[v * SIZE + u]).toBeGreaterThan(0);
      // Where ArcFace's template would have put the eyes (x 32/112) stays black.
      for (const [tx, ty] of ARCFACE_TEMPLATE.slice(0, 2)) expect(red[Math.round((ty * SIZE) / 112) * SIZE + Math.round((tx * SIZE) / 112)]).toBe(0);
    } finally {
      await rec.dispose();
    }
  });

  it("is refused when its file is not the one the entry's SHA-256 names", async () => {
    const wrong = { ...probe, sha256: "0".repeat(64) };
    await expect(createNodeRecognizer({ embeddingModel: wrong, modelDirs: [dir, ...modelSearchDirs()], numThreads: 1 })).rejects.toThrow(
      /flatten-probe\.onnx \(flatten-probe\) failed verification: sha256/,
    );
  });

  it("is refused at the first face when it gives another dimension than its entry says", async () => {
    const rec = await createNodeRecognizer({ embeddingModel: { ...probe, dimension: 128 }, modelDirs: [dir, ...modelSearchDirs()], numThreads: 1 });
    try {
      const { frame, landmarks } = uniformFace([10, 20, 30]);
      await expect(rec.embedFaces(frame, [face(landmarks)])).rejects.toThrow(/embedder returned 3072 values for 1 faces \(expected 128 each\)/);
    } finally {
      await rec.dispose();
    }
  });

  it("MobileFaceNet's own entry gives exactly the product's embeddings", async () => {
    const entry = embeddingModel("mobilefacenet")!;
    const [byEntry, builtIn] = await Promise.all([createNodeRecognizer({ embeddingModel: entry, numThreads: 1 }), createNodeRecognizer({ numThreads: 1 })]);
    try {
      const frame = await readImage(path.join(sharedDir(), "faces", "obama", "1.jpg"));
      const a = await enrolFromFrame(byEntry, frame, { pick: "largest" });
      const b = await enrolFromFrame(builtIn, frame, { pick: "largest" });
      if (!a.ok || !b.ok) throw new Error("the photo should enrol");
      expect(Array.from(a.embedding)).toEqual(Array.from(b.embedding));
    } finally {
      await Promise.all([byEntry.dispose(), builtIn.dispose()]);
    }
  });
});
