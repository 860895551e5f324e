/**
 * Benchmark helpers shared by `scripts/bench-recognition.ts` (Node) and the worker's `bench`
 * message (browser), so both time the same code.
 */
import { galleryFromMatrix, type Gallery } from "./gallery";
import { createMatcher, type Matcher } from "./match";
import { EMBEDDING_DIM } from "./models";
import type { FaceRecognizer, RecognizeOptions } from "./pipeline";
import type { RgbaFrame, StageTimings } from "./types";
import { seededRandom } from "@/lib/random/seeded-random";

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median ms of `runs` calls after `warmup` untimed calls. */
export async function timeMedian(fn: () => unknown, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** n random unit vectors (Gaussian directions, so uniform on the sphere), packed n x dim. */
export function randomUnitVectors(n: number, dim = EMBEDDING_DIM, seed = 1): Float32Array {
  const rnd = seededRandom(seed);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < v.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rnd()));
    const th = 2 * Math.PI * rnd();
    v[i] = r * Math.cos(th);
    if (i + 1 < v.length) v[i + 1] = r * Math.sin(th);
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += v[i * dim + k] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < dim; k++) v[i * dim + k] *= inv;
  }
  return v;
}

export function randomGallery(n: number, seed = 1): Gallery {
  const ids = Array.from({ length: n }, (_, i) => `synthetic-${i}`);
  return galleryFromMatrix(ids, randomUnitVectors(n, EMBEDDING_DIM, seed), { normalised: true });
}

export interface MatchBench {
  size: number;
  kind: Matcher["kind"];
  buildMs: number;
  /** Median ms per probe. */
  perProbeMs: number;
}

/** Times open-set matching of random probes against a random gallery of each size. */
export async function benchMatching(
  sizes: readonly number[],
  opts: { runs?: number; threshold?: number; prefer?: Matcher["kind"] } = {},
): Promise<MatchBench[]> {
  const out: MatchBench[] = [];
  for (const size of sizes) {
    const gallery = randomGallery(size, size);
    const t0 = performance.now();
    const matcher = createMatcher(gallery, { prefer: opts.prefer });
    const buildMs = performance.now() - t0;
    const probes = randomUnitVectors(opts.runs ?? 7, EMBEDDING_DIM, 12345);
    let i = 0;
    const perProbeMs = await timeMedian(
      () => {
        matcher.match(probes.subarray(i * EMBEDDING_DIM, (i + 1) * EMBEDDING_DIM), opts.threshold ?? 0.45);
        i = (i + 1) % (opts.runs ?? 7);
      },
      opts.runs ?? 7,
      1,
    );
    matcher.dispose();
    out.push({ size, kind: matcher.kind, buildMs, perProbeMs });
  }
  return out;
}

/** Median per-stage timings of the full pipeline on one frame. */
export async function benchFrame(
  recognizer: FaceRecognizer,
  frame: RgbaFrame,
  runs: number,
  opts: RecognizeOptions = {},
): Promise<{ median: StageTimings; faces: number }> {
  const keys: (keyof StageTimings)[] = ["preprocess", "detect", "decode", "align", "embed", "match", "total"];
  const samples: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  let faces = 0;
  for (let i = 0; i < 2; i++) await recognizer.recognize(frame, opts);
  for (let i = 0; i < runs; i++) {
    const r = await recognizer.recognize(frame, opts);
    faces = r.faces.filter((f) => f.embedding).length;
    for (const k of keys) samples[k].push(r.timings[k]);
  }
  return { median: Object.fromEntries(keys.map((k) => [k, median(samples[k])])) as unknown as StageTimings, faces };
}
