import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MODELS, MODEL_IDS, type ModelId } from "../models";
import { FaceRecognizer, type ModelBytes, type RecognizerOptions } from "../pipeline";
import type { EmbeddingModelSpec } from "../embedding-models";
import { verifyModelBytes } from "../verify-model";

/** Repository root (this file is lib/recognition/node/load-models.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The shared fixtures folder: `$VIGIL_SHARED_DIR`, else `../shared` next to the repo. */
export function sharedDir(): string {
  return path.resolve(REPO_ROOT, process.env.VIGIL_SHARED_DIR ?? "../shared");
}

/** Folders searched for model files, in order: `public/models/`, then the shared model folder. */
export function modelSearchDirs(): string[] {
  const shared = sharedDir();
  return [path.join(REPO_ROOT, "public/models"), path.join(shared, "models"), shared];
}

/**
 * Path of a model file (a manifest id, or a file name such as an embedding model's), or a clear
 * error naming the file when it is nowhere to be found.
 */
export function findModelFile(id: ModelId | { fileName: string }, dirs = modelSearchDirs()): string {
  const file = typeof id === "string" ? MODELS[id].fileName : id.fileName;
  for (const dir of dirs) {
    const p = path.join(dir, file);
    if (existsSync(p)) return p;
  }
  throw new Error(`Model ${file} not found in ${dirs.join(", ")}; run \`npm run setup\` (or set VIGIL_SHARED_DIR)`);
}

/**
 * Reads and verifies (size + SHA-256) every model. With `embeddingModel` (an entry of
 * lib/recognition/embedding-models.json), its file takes MobileFaceNet's place, checked against that entry.
 */
export async function loadModelBytes(dirs = modelSearchDirs(), embeddingModel?: EmbeddingModelSpec): Promise<ModelBytes> {
  const out = {} as ModelBytes;
  for (const id of MODEL_IDS) {
    const file = id === "mobilefacenet" && embeddingModel ? embeddingModel : id;
    const bytes = new Uint8Array(await readFile(findModelFile(file, dirs)));
    await verifyModelBytes(id, bytes, embeddingModel);
    out[id] = bytes;
  }
  return out;
}

/** A recognizer for Node tools and tests: WASM back end, one thread per core. */
export async function createNodeRecognizer(opts: RecognizerOptions & { modelDirs?: string[] } = {}): Promise<FaceRecognizer> {
  const { modelDirs, ...rest } = opts;
  const models = await loadModelBytes(modelDirs, opts.embeddingModel);
  return FaceRecognizer.create(models, { backend: "wasm", numThreads: availableParallelism(), verify: false, ...rest });
}
