import { faceTensorLength, MOBILEFACENET_TENSOR, type FaceTensorFormat } from "./align";
import { EMBEDDING_DIM } from "./models";
import { ort } from "./ort-runtime";
import { l2NormalizeInPlace } from "./vector";

/** What the embedder's model takes and gives: its aligned crop and its embedding length. */
export interface EmbedderFormat extends FaceTensorFormat {
  dimension: number;
}

/** foamliu's MobileFaceNet: 112 px RGB, ImageNet mean / std, 128-d. */
export const MOBILEFACENET_FORMAT: EmbedderFormat = { ...MOBILEFACENET_TENSOR, dimension: EMBEDDING_DIM };

/**
 * Face embedder: aligned, normalised square faces (NCHW, in the model's format) -> L2-normalised
 * embeddings. Faces are run in batches of up to `maxBatch` from one reusable buffer.
 */
export class FaceEmbedder {
  /** Staging buffer the caller writes aligned faces into (`maxBatch` faces of `faceLength` floats). */
  readonly input: Float32Array;
  /** Floats in one aligned face of this model's format. */
  readonly faceLength: number;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly maxBatch = 8,
    readonly format: EmbedderFormat = MOBILEFACENET_FORMAT,
  ) {
    this.faceLength = faceTensorLength(format);
    this.input = new Float32Array(maxBatch * this.faceLength);
  }

  /**
   * Embeds the first `count` faces of `this.input` (count <= maxBatch); returns count x dimension
   * unit vectors, packed.
   */
  async embedStaged(count: number): Promise<Float32Array> {
    if (count < 1 || count > this.maxBatch) throw new Error(`batch of ${count} faces is outside 1..${this.maxBatch}`);
    const { inputSize: s, dimension: dim } = this.format;
    const tensor = new ort.Tensor("float32", this.input.subarray(0, count * this.faceLength), [count, 3, s, s]);
    const results = await this.session.run({ [this.session.inputNames[0]]: tensor });
    const outTensor = results[this.session.outputNames[0]];
    const raw = outTensor.data as Float32Array;
    if (raw.length !== count * dim) throw new Error(`embedder returned ${raw.length} values for ${count} faces (expected ${dim} each)`);
    const out = new Float32Array(raw);
    outTensor.dispose?.();
    for (let i = 0; i < count; i++) l2NormalizeInPlace(out, i * dim, dim);
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
