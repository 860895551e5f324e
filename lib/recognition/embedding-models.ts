import type { FaceAlignment } from "./align";
import type { EmbedderFormat } from "./embed";
import manifest from "./embedding-models.json";

/**
 * The manifest of face-embedding models (lib/recognition/embedding-models.json). A force adds the
 * model it licenses with one entry: file, SHA-256, input size, colour order, normalisation,
 * dimension and licence. Every consumer (the worker, `npm run eval:faces -- --model <id>`, the
 * evidence a deployment records) reads it from here; MobileFaceNet stays the default.
 */
export interface EmbeddingModelSpec extends EmbedderFormat {
  id: string;
  version: string;
  fileName: string;
  sha256: string;
  bytes: number;
  /** `"arcface-5pt"` or `{ "template": [[x, y] x 5] }` in the model's input pixels (align.ts). */
  alignment: FaceAlignment;
  licence: string;
  /** Committed evidence file of this model, when one was measured. */
  evidence?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function validAlignment(a: unknown, inputSize: unknown): boolean {
  if (a === "arcface-5pt") return true;
  const t = (a as { template?: unknown } | null)?.template;
  const size = typeof inputSize === "number" ? inputSize : 0;
  const inside = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= size;
  return Array.isArray(t) && t.length === 5 && t.every((p) => Array.isArray(p) && p.length === 2 && p.every(inside));
}

/** Checks one manifest entry; returns the problems (empty when valid). */
export function validateEmbeddingModel(m: unknown): string[] {
  const e = m as Partial<EmbeddingModelSpec>;
  const errors: string[] = [];
  if (!e || typeof e !== "object") return ["entry must be an object"];
  if (typeof e.id !== "string" || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(e.id)) errors.push("id: lower-case letters, digits, . _ - (1..64)");
  if (typeof e.version !== "string" || e.version.length === 0 || e.version.length > 120) errors.push("version: 1..120 characters");
  if (typeof e.fileName !== "string" || !/^[\w.-]+\.onnx$/.test(e.fileName)) errors.push("fileName: a plain .onnx file name");
  if (typeof e.sha256 !== "string" || !HEX64.test(e.sha256)) errors.push("sha256: 64 lower-case hex digits");
  if (!Number.isInteger(e.bytes) || (e.bytes as number) <= 0) errors.push("bytes: a positive integer");
  if (!Number.isInteger(e.inputSize) || (e.inputSize as number) < 32 || (e.inputSize as number) > 512) errors.push("inputSize: an integer 32..512");
  if (e.channelOrder !== "RGB" && e.channelOrder !== "BGR") errors.push('channelOrder: "RGB" or "BGR"');
  const n = e.normalisation;
  const triple = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "number" && Number.isFinite(x));
  if (!n || !triple(n.mean) || !triple(n.std) || n.std.some((x) => x <= 0)) errors.push("normalisation: { mean: [3 numbers], std: [3 positive numbers] }");
  if (!Number.isInteger(e.dimension) || (e.dimension as number) < 16 || (e.dimension as number) > 4096) errors.push("dimension: an integer 16..4096");
  if (!validAlignment(e.alignment, e.inputSize)) errors.push('alignment: "arcface-5pt" or { "template": five [x, y] points inside the input }');
  if (typeof e.licence !== "string" || e.licence.trim().length === 0) errors.push("licence: required");
  return errors;
}

/**
 * The model the live product runs (worker, enrolment, watchlist snapshots, duplicate search). Other
 * entries can be evaluated (`eval:faces --model <id>`), not deployed: a manifest whose `default`
 * names another model is refused rather than silently ignored.
 */
export const LIVE_EMBEDDING_MODEL_ID = "mobilefacenet";

/** Checks the whole manifest: every entry, unique ids, and a default the live product can run. */
export function parseEmbeddingModels(json: { default: string; models: unknown[] }): { defaultId: string; models: EmbeddingModelSpec[] } {
  // JSON arrays carry no tuple lengths: each entry is checked just below.
  const models = json.models as EmbeddingModelSpec[];
  models.forEach((m, i) => {
    const errors = validateEmbeddingModel(m);
    if (errors.length) throw new Error(`embedding-models.json entry ${i} (${(m as { id?: string }).id ?? "?"}): ${errors.join("; ")}`);
  });
  const ids = new Set<string>();
  for (const m of models) {
    if (ids.has(m.id)) throw new Error(`embedding-models.json: duplicate id ${m.id}`);
    ids.add(m.id);
  }
  if (!ids.has(json.default)) throw new Error(`embedding-models.json: default ${json.default} is not listed`);
  if (json.default !== LIVE_EMBEDDING_MODEL_ID)
    throw new Error(
      `embedding-models.json: default ${json.default}: the live product runs ${LIVE_EMBEDDING_MODEL_ID} only. ` +
        `Evaluate another model with npm run eval:faces -- --model ${json.default} (docs/recognition.md, "Bring your own model").`,
    );
  return { defaultId: json.default, models };
}

const LOADED = parseEmbeddingModels(manifest);

export const DEFAULT_EMBEDDING_MODEL_ID = LOADED.defaultId;

export function embeddingModelIds(): string[] {
  return LOADED.models.map((m) => m.id);
}

export function embeddingModel(id: string = DEFAULT_EMBEDDING_MODEL_ID): EmbeddingModelSpec | null {
  return LOADED.models.find((m) => m.id === id) ?? null;
}
