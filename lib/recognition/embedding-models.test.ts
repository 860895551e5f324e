import { describe, expect, it } from "vitest";
import { DEFAULT_EMBEDDING_MODEL_ID, embeddingModel, embeddingModelIds, parseEmbeddingModels, validateEmbeddingModel } from "./embedding-models";

const mobileFaceNet = () => structuredClone(embeddingModel("mobilefacenet")!);

describe("the embedding-model manifest", () => {
  it("lists MobileFaceNet as the default, and every shipped entry is valid", () => {
    expect(DEFAULT_EMBEDDING_MODEL_ID).toBe("mobilefacenet");
    for (const id of embeddingModelIds()) expect(validateEmbeddingModel(embeddingModel(id))).toEqual([]);
  });

  it("names each bad field of an entry", () => {
    const bad = {
      ...mobileFaceNet(),
      id: "Has Spaces",
      fileName: "../model.onnx",
      sha256: "abc",
      inputSize: 1000,
      channelOrder: "RGBA",
      normalisation: { mean: [0, 0, 0], std: [1, 0, 1] },
      dimension: 8,
    };
    const errors = validateEmbeddingModel(bad).map((e) => e.split(":")[0]);
    expect(errors).toEqual(["id", "fileName", "sha256", "inputSize", "channelOrder", "normalisation", "dimension"]);
    expect(validateEmbeddingModel(null)).toEqual(["entry must be an object"]);
  });

  it("takes a model's own five-point template in its input pixels, and refuses one that is not five points inside the crop", () => {
    // dlib's 150-pixel face chip (padding 0.25): a model trained on another crop than ArcFace's.
    const template = [
      [47.55, 46.6],
      [100.48, 46.6],
      [74.01, 76.56],
      [50.41, 103.02],
      [97.61, 103.02],
    ];
    const entry = { ...mobileFaceNet(), inputSize: 150 };
    expect(validateEmbeddingModel({ ...entry, alignment: { template } })).toEqual([]);
    for (const wrong of [
      { template: template.slice(0, 4) },
      { template: [...template.slice(0, 4), [151, 100]] },
      { template: [...template.slice(0, 4), [-1, 100]] },
      { template: [...template.slice(0, 4), [50, Number.NaN]] },
      { template: [...template.slice(0, 4), [50]] },
      "dlib-5pt",
      { points: template },
    ])
      expect(validateEmbeddingModel({ ...entry, alignment: wrong })).toEqual([
        'alignment: "arcface-5pt" or { "template": five [x, y] points inside the input }',
      ]);
  });
});

describe("the manifest as a whole", () => {
  const entry = () => mobileFaceNet();
  it("refuses duplicate ids, an unlisted default, and a default the live product cannot run (instead of ignoring it)", () => {
    expect(() => parseEmbeddingModels({ default: "mobilefacenet", models: [entry(), entry()] })).toThrow("duplicate id mobilefacenet");
    expect(() => parseEmbeddingModels({ default: "other", models: [entry()] })).toThrow("default other is not listed");
    expect(() => parseEmbeddingModels({ default: "other", models: [entry(), { ...entry(), id: "other" }] })).toThrow(
      "default other: the live product runs mobilefacenet only. Evaluate another model with npm run eval:faces -- --model other",
    );
    expect(() => parseEmbeddingModels({ default: "mobilefacenet", models: [entry(), { ...entry(), id: "other", dimension: 3 }] })).toThrow(
      "entry 1 (other): dimension: an integer 16..4096",
    );
    expect(parseEmbeddingModels({ default: "mobilefacenet", models: [entry(), { ...entry(), id: "other" }] }).models.map((m) => m.id)).toEqual([
      "mobilefacenet",
      "other",
    ]);
  });
});
