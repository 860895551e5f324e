import type { EmbeddingModelSpec } from "./embedding-models";
import { MODELS, type ModelId } from "./models";

/** Hex SHA-256 of some bytes, with WebCrypto (present in browsers, workers and Node >= 20). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await globalThis.crypto.subtle.digest("SHA-256", view as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export class ModelIntegrityError extends Error {
  constructor(
    readonly modelId: string,
    readonly fileName: string,
    detail: string,
  ) {
    super(`Model ${fileName} (${modelId}) failed verification: ${detail}`);
    this.name = "ModelIntegrityError";
  }
}

/**
 * Throws a `ModelIntegrityError` naming the file unless `bytes` are exactly the model in the
 * manifest (size and SHA-256). With `embeddingModel` (an entry of
 * lib/recognition/embedding-models.json), the embedder's bytes are checked against that entry instead.
 */
export async function verifyModelBytes(id: ModelId, bytes: ArrayBuffer | Uint8Array, embeddingModel?: EmbeddingModelSpec): Promise<void> {
  if (id === "mobilefacenet" && embeddingModel) return verifyBytesAgainst(embeddingModel, bytes);
  const spec = MODELS[id];
  if (bytes instanceof ArrayBuffer && verified.get(bytes) === id && bytes.byteLength === spec.bytes) return;
  await verifyBytesAgainst({ ...spec, id }, bytes);
}

/**
 * Throws a `ModelIntegrityError` naming the file unless `bytes` have the listed size and SHA-256
 * (any model file: the manifest's, or an embedding model of lib/recognition/embedding-models.json).
 */
async function verifyBytesAgainst(spec: { id: string; fileName: string; bytes: number; sha256: string }, bytes: ArrayBuffer | Uint8Array): Promise<void> {
  if (bytes.byteLength !== spec.bytes) {
    throw new ModelIntegrityError(spec.id, spec.fileName, `expected ${spec.bytes} bytes, got ${bytes.byteLength}`);
  }
  const hash = await sha256Hex(bytes);
  if (hash !== spec.sha256) {
    throw new ModelIntegrityError(spec.id, spec.fileName, `sha256 ${hash} does not match ${spec.sha256}`);
  }
}

/** Buffers already hashed and found equal to the manifest (hash each model once per load). */
const verified = new WeakMap<ArrayBuffer, ModelId>();

/**
 * Records that `bytes` passed verifyModelBytes as model `id`, so a later check of the same
 * buffer (FaceRecognizer.create) does not hash 4 MB again. Only whole ArrayBuffers are marked.
 */
export function markModelVerified(id: ModelId, bytes: ArrayBuffer | Uint8Array): void {
  if (bytes instanceof ArrayBuffer) verified.set(bytes, id);
}
