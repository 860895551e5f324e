import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { enrolFromFrame } from "../enrol";
import { createGallery, type Gallery } from "../gallery";
import { matchFacesExact } from "../match";
import type { FaceRecognizer, RecognizedFace } from "../pipeline";
import { rowDot } from "../vector";
import { readImage } from "./decode-image";

/**
 * Open-set evaluation on a folder laid out like ../shared/faces:
 *   <identity>/N.*   the first image (lowest N) is enrolled, the others are mated probes
 *   _unknown/N.*     every face is a non-mated probe (nobody in the gallery)
 *   _group/N.*       every detected face is searched; reported, not scored (no labels)
 *
 * Face selection rules:
 *   - enrolment: the largest good face (enrolment gates; `pick: "largest"`, the bulk-import rule);
 *   - mated probe: the largest face (box area) among faces that pass the live quality gates,
 *     i.e. the most prominent person, who is the labelled one in these photos; a probe image
 *     with no such face is a failure to acquire and counts as a miss;
 *   - _unknown: every face that passes the quality gates;
 *   - _group: every detection; faces that pass the quality gates are searched.
 */

const IMAGE_EXT = /\.(jpe?g|png)$/i;

export interface GenuineResult {
  identity: string;
  file: string;
  /** Score against the probe's own identity entry; null on failure to acquire. */
  score: number | null;
  /** Nearest entry whatever the threshold. */
  bestIdentity: string | null;
  bestScore: number | null;
  /** Entry returned at the threshold (open set), or null. */
  matched: string | null;
}

export interface GroupFace {
  box: { x: number; y: number; width: number; height: number };
  detScore: number;
  qualityOk: boolean;
  qualityReasons: string[];
  matched: string | null;
  bestIdentity: string | null;
  bestScore: number | null;
}

export interface GroupResult {
  file: string;
  faces: number;
  facesAbove09: number;
  matched: { identity: string; score: number }[];
  details: GroupFace[];
}

export interface Distribution {
  count: number;
  min: number;
  median: number;
  max: number;
}

export interface EvaluationReport {
  facesDir: string;
  threshold: number;
  detectorThreshold: number;
  identities: string[];
  enrolFailures: { identity: string; file: string; reason: string }[];
  probes: number;
  failuresToAcquire: number;
  rank1: number;
  /** mated searches whose correct identity is returned at the threshold / mated searches */
  tpir: number;
  /** non-mated searches (_unknown faces) returning any match at the threshold / non-mated searches */
  fpir: number;
  /** mated searches returning a WRONG identity at the threshold */
  misidentified: number;
  nonMatedSearches: number;
  genuine: GenuineResult[];
  genuineScores: number[];
  genuineDistribution: Distribution;
  /**
   * Every impostor comparison: each mated probe face against the entries of OTHER identities,
   * and each _unknown face against every entry. Per-comparison scores, so a false-match rate
   * can be extrapolated to larger watchlists.
   */
  impostorScores: number[];
  impostorDistribution: Distribution;
  /** Highest gallery score of each non-mated search (what decides a false alert). */
  nonMatedBestScores: number[];
  /** Smallest threshold on a 0.01 grid with no impostor comparison at or above it. */
  fpir0Threshold: number;
  groups: GroupResult[];
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, min: NaN, median: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { count: s.length, min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1] };
}

function imagesIn(dir: string): string[] {
  const num = (f: string) => {
    const m = /^(\d+)/.exec(f);
    return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
  };
  return readdirSync(dir)
    .filter((f) => IMAGE_EXT.test(f))
    .sort((a, b) => num(a) - num(b) || a.localeCompare(b));
}

const area = (f: RecognizedFace) => f.box.width * f.box.height;

export async function evaluateFaces(recognizer: FaceRecognizer, facesDir: string, threshold: number): Promise<EvaluationReport> {
  const dirs = readdirSync(facesDir)
    .filter((d) => statSync(path.join(facesDir, d)).isDirectory())
    .sort();
  const identities = dirs.filter((d) => !d.startsWith("_"));

  // 1. Enrol the first image of each identity.
  const entries: { id: string; embedding: Float32Array }[] = [];
  const enrolFailures: EvaluationReport["enrolFailures"] = [];
  const probeFiles: { identity: string; file: string }[] = [];
  for (const identity of identities) {
    const files = imagesIn(path.join(facesDir, identity));
    if (files.length === 0) continue;
    const frame = await readImage(path.join(facesDir, identity, files[0]));
    const r = await enrolFromFrame(recognizer, frame, { pick: "largest" });
    if (r.ok) entries.push({ id: identity, embedding: r.embedding });
    else enrolFailures.push({ identity, file: files[0], reason: `${r.reason}: ${r.detail}` });
    for (const f of files.slice(1)) probeFiles.push({ identity, file: f });
  }
  const gallery: Gallery = createGallery(entries, recognizer.embeddingDim);
  const indexOf = new Map(gallery.ids.map((id, i) => [id, i]));

  const impostorScores: number[] = [];
  const search = (embedding: Float32Array) => matchFacesExact(gallery, embedding, threshold, { topK: gallery.ids.length })[0];
  const scoresOf = (embedding: Float32Array) => gallery.ids.map((_, i) => rowDot(gallery.vectors, i, gallery.dim, embedding));

  // 2. Mated probes.
  const genuine: GenuineResult[] = [];
  for (const { identity, file } of probeFiles) {
    const frame = await readImage(path.join(facesDir, identity, file));
    const rec = await recognizer.recognize(frame);
    const probe = rec.faces.filter((f) => f.embedding).sort((a, b) => area(b) - area(a))[0];
    if (!probe?.embedding) {
      genuine.push({ identity, file, score: null, bestIdentity: null, bestScore: null, matched: null });
      continue;
    }
    const res = search(probe.embedding);
    const scores = scoresOf(probe.embedding);
    const own = indexOf.get(identity);
    scores.forEach((s, i) => {
      if (i !== own) impostorScores.push(s);
    });
    genuine.push({
      identity,
      file,
      score: own === undefined ? null : scores[own],
      bestIdentity: res.best?.id ?? null,
      bestScore: res.best?.score ?? null,
      matched: res.match?.id ?? null,
    });
  }

  // 3. Non-mated probes.
  const nonMatedBestScores: number[] = [];
  let falsePositives = 0;
  const unknownDir = path.join(facesDir, "_unknown");
  if (dirs.includes("_unknown")) {
    for (const file of imagesIn(unknownDir)) {
      const rec = await recognizer.recognize(await readImage(path.join(unknownDir, file)));
      for (const face of rec.faces) {
        if (!face.embedding) continue;
        const res = search(face.embedding);
        impostorScores.push(...scoresOf(face.embedding));
        nonMatedBestScores.push(res.best?.score ?? -1);
        if (res.match) falsePositives++;
      }
    }
  }

  // 4. Group photos.
  const groups: GroupResult[] = [];
  const groupDir = path.join(facesDir, "_group");
  if (dirs.includes("_group")) {
    for (const file of imagesIn(groupDir)) {
      const rec = await recognizer.recognize(await readImage(path.join(groupDir, file)), { maxFaces: 64 });
      const details: GroupFace[] = rec.faces.map((f) => {
        const res = f.embedding ? search(f.embedding) : null;
        return {
          box: f.box,
          detScore: f.score,
          qualityOk: f.quality.ok,
          qualityReasons: f.quality.reasons,
          matched: res?.match?.id ?? null,
          bestIdentity: res?.best?.id ?? null,
          bestScore: res?.best?.score ?? null,
        };
      });
      groups.push({
        file,
        faces: rec.faces.length,
        facesAbove09: rec.faces.filter((f) => f.score >= 0.9).length,
        matched: details.filter((d) => d.matched).map((d) => ({ identity: d.matched!, score: d.bestScore! })),
        details,
      });
    }
  }

  const acquired = genuine.filter((g) => g.score !== null);
  const genuineScores = acquired.map((g) => g.score!);
  const impostorMax = impostorScores.length ? Math.max(...impostorScores) : -1;
  return {
    facesDir,
    threshold,
    detectorThreshold: recognizer.detector.options.scoreThreshold,
    identities: gallery.ids.slice(),
    enrolFailures,
    probes: genuine.length,
    failuresToAcquire: genuine.length - acquired.length,
    rank1: genuine.filter((g) => g.bestIdentity === g.identity).length,
    tpir: genuine.length ? genuine.filter((g) => g.matched === g.identity).length / genuine.length : NaN,
    fpir: nonMatedBestScores.length ? falsePositives / nonMatedBestScores.length : NaN,
    misidentified: genuine.filter((g) => g.matched !== null && g.matched !== g.identity).length,
    nonMatedSearches: nonMatedBestScores.length,
    genuine,
    genuineScores,
    genuineDistribution: distribution(genuineScores),
    impostorScores,
    impostorDistribution: distribution(impostorScores),
    nonMatedBestScores,
    fpir0Threshold: Math.round(Math.floor(impostorMax * 100 + 1e-9) + 1) / 100,
    groups,
  };
}
