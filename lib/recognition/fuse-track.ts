import { l2NormalizeInPlace } from "./vector";

/**
 * Track-level fusion: one identity signature per face track, from its best frames. Deciding once
 * per track with the fused embedding, instead of once per frame, is what cut false alerts most
 * on the walk-past benchmark (docs/recognition.md, "Fewer false alerts"). The same functions run
 * in the tracker (live) and in `npm run eval:faces` (measured), so the figures are the product's.
 */

export interface FrameQuality {
  /** Detector score 0..1 */
  score: number;
  /** min(box width, height) in frame pixels */
  faceSize: number;
  /** RMS landmark misfit after alignment, template pixels */
  alignmentError: number;
}

/** Frames fused per track: the best ones by quality weight. */
export const FUSE_TOP_K = 5;

/**
 * Quality weight of one frame, in (0, 1]: detector confidence x size (saturates at 80 px, the
 * size where MobileFaceNet's 112 px crop stops being upsampled much) x pose (landmark misfit:
 * frontal faces sit at 1-6 template pixels).
 */
export function frameQualityWeight(q: FrameQuality): number {
  const size = Math.max(0.05, Math.min(1, q.faceSize / 80));
  const pose = 1 / (1 + (q.alignmentError / 6) ** 2);
  return Math.max(1e-6, Math.min(1, q.score) * size * pose);
}

export interface WeightedEmbedding {
  embedding: ArrayLike<number>;
  weight: number;
}

/**
 * The quality-weighted mean of the `topK` highest-weight embeddings, L2-normalised. Returns
 * null for no frames.
 */
export function fuseEmbeddings(frames: readonly WeightedEmbedding[], topK = FUSE_TOP_K): Float32Array | null {
  if (frames.length === 0) return null;
  const best = frames.length <= topK ? frames : [...frames].sort((a, b) => b.weight - a.weight).slice(0, topK);
  const dim = best[0].embedding.length;
  const out = new Float32Array(dim);
  for (const f of best) {
    if (f.embedding.length !== dim) throw new Error(`fuseEmbeddings: mixed dimensions ${f.embedding.length} and ${dim}`);
    for (let k = 0; k < dim; k++) out[k] += f.weight * f.embedding[k];
  }
  l2NormalizeInPlace(out);
  return out;
}

/** Mean of a face's plain and mirrored embeddings, normalised (flip test-time augmentation). */
export function flipFuse(plain: ArrayLike<number>, mirrored: ArrayLike<number>): Float32Array {
  const out = new Float32Array(plain.length);
  for (let k = 0; k < plain.length; k++) out[k] = plain[k] + mirrored[k];
  l2NormalizeInPlace(out);
  return out;
}
