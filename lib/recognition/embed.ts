import { EMBEDDING_DIM, FACE_SIZE } from "./models";
import { ort } from "./ort-runtime";
import { l2NormalizeInPlace } from "./vector";

/** Floats in one aligned face tensor (3 x 112 x 112). */
export const FACE_TENSOR_LENGTH = 3 * FACE_SIZE * FACE_SIZE;

/**
 * MobileFaceNet embedder: aligned, normalised 112x112 RGB faces (NCHW) -> L2-normalised
 * 128-d embeddings. Faces are run in batches of up to `maxBatch` from one reusable buffer.
 */
export class FaceEmbedder {
  /** Staging buffer the caller writes aligned faces into (`maxBatch` faces). */
  readonly input: Float32Array;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly maxBatch = 8,
  ) {
    this.input = new Float32Array(maxBatch * FACE_TENSOR_LENGTH);
  }

  /**
   * Embeds the first `count` faces of `this.input` (count <= maxBatch); returns count x 128
   * unit vectors, packed.
   */
  async embedStaged(count: number): Promise<Float32Array> {
    if (count < 1 || count > this.maxBatch) throw new Error(`batch of ${count} faces is outside 1..${this.maxBatch}`);
    const tensor = new ort.Tensor("float32", this.input.subarray(0, count * FACE_TENSOR_LENGTH), [count, 3, FACE_SIZE, FACE_SIZE]);
    const results = await this.session.run({ [this.session.inputNames[0]]: tensor });
    const outTensor = results[this.session.outputNames[0]];
    const raw = outTensor.data as Float32Array;
    if (raw.length !== count * EMBEDDING_DIM) throw new Error(`embedder returned ${raw.length} values for ${count} faces`);
    const out = new Float32Array(raw);
    outTensor.dispose?.();
    for (let i = 0; i < count; i++) l2NormalizeInPlace(out, i * EMBEDDING_DIM, EMBEDDING_DIM);
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
