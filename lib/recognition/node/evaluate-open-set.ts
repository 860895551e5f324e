import { readFileSync } from "node:fs";
import { ENROL_QUALITY } from "../enrol";
import {
  atFpir,
  FPIR_TARGETS,
  operatingPoint,
  rank1,
  rate,
  type FpirTargetPoint,
  type OperatingPoint,
  type Rate,
  type SearchScores,
} from "../evidence/open-set";
import { ScoreHistogram, type SparseHistogram } from "../evidence/score-histogram";
import { fuseEnrolment } from "../fuse-enrolment";
import { flipFuse, frameQualityWeight, fuseEmbeddings } from "../fuse-track";
import type { DatasetImage } from "./extract-dataset";
import type { FaceRecord, ImageRecord } from "./face-cache";

/**
 * The open-set protocol at scale, on cached per-image embeddings (lib/recognition/node/face-cache.ts).
 *
 * Layout: `<identity>/<photos>` (the first photo is enrolled, the others are mated probes),
 * `_unknown/<photos>` (never enrolled: every face that passes the live quality gates is a
 * non-mated search). A labels file (`path, [identity,] attributes...`) adds group figures.
 *
 * Faces: a probe is the largest face that passes the live quality gates; an enrolment is the
 * largest face that passes the enrolment gates (ENROL_QUALITY), else the person is a failure to
 * enrol and leaves the protocol (counted).
 */

export interface LabelTable {
  columns: string[];
  rows: Map<string, Record<string, string>>;
}

/** Reads a tab-separated labels file with a `path` column. */
export function readLabels(file: string): LabelTable {
  const lines = readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`${file}: empty labels file`);
  const head = lines[0].split("\t").map((h) => h.trim());
  const p = head.indexOf("path");
  if (p < 0) throw new Error(`${file}: no "path" column (columns: ${head.join(", ")})`);
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(1)) {
    const cells = line.split("\t");
    const row: Record<string, string> = {};
    head.forEach((h, i) => (row[h] = (cells[i] ?? "").trim()));
    rows.set(row.path, row);
  }
  return { columns: head, rows };
}

/** Columns used as groups: every label column except path, identity and numeric ones (age). */
export function groupColumns(labels: LabelTable): string[] {
  return labels.columns.filter((c) => c !== "path" && c !== "identity" && ![...labels.rows.values()].every((r) => r[c] === "" || /^\d+(\.\d+)?$/.test(r[c])));
}

export type Normalisation = "none" | "z" | "t" | "s";

export interface EvalConfig {
  name: string;
  flip: boolean;
  norm: Normalisation;
  /** Photos enrolled per person (people with fewer photos than enrolPhotos + 1 keep 1). */
  enrolPhotos: number;
  /** Extra gates on probes (searches failing them are not searched: a miss if mated, no alert if not). */
  probeGate?: { minScore?: number; minFaceSize?: number; maxAlignmentError?: number };
  /**
   * How an entry with several enrolment photos is scored: `mean` (default, what the freeze packs for
   * the station: one row, the L2-normalised mean of the photos' embeddings, lib/recognition/fuse-enrolment.ts)
   * or `max` (one gallery row per photo, an entry scoring its best row; measured for comparison).
   */
  enrolFusion?: EnrolFusion;
  /**
   * The multi-photo comparison set: only people with at least 4 photos, and only their probes from
   * photo `multiPhotoSubset` + 1 on (`true` = 2: from the 3rd photo), so enrolling 1..N photos is
   * measured on the same searches.
   */
  multiPhotoSubset?: boolean | number;
}

export type EnrolFusion = "max" | "mean";

export interface Subject {
  id: string;
  photos: { rel: string; record: ImageRecord }[];
}

export interface Protocol {
  subjects: Subject[];
  unknown: { rel: string; record: ImageRecord; variants: ImageRecord[] }[];
  /** Background cohort for score normalisation (another set's faces: disjoint people). */
  cohort: Float32Array[];
}

export function buildProtocol(images: readonly DatasetImage[], records: Map<string, ImageRecord>, variantsOf: (rel: string) => ImageRecord[]): Protocol {
  const byFolder = new Map<string, Subject>();
  const unknown: Protocol["unknown"] = [];
  for (const img of images) {
    const record = records.get(img.rel);
    if (!record) continue;
    if (img.folder === "_unknown") unknown.push({ rel: img.rel, record, variants: variantsOf(img.rel) });
    else if (!img.folder.startsWith("_")) {
      const s = byFolder.get(img.folder) ?? { id: img.folder, photos: [] };
      s.photos.push({ rel: img.rel, record });
      byFolder.set(img.folder, s);
    }
  }
  return { subjects: [...byFolder.values()], unknown, cohort: [] };
}

const probeFace = (r: ImageRecord): FaceRecord | null => r.faces[0] ?? null;

function enrolFace(r: ImageRecord): FaceRecord | null {
  const g = ENROL_QUALITY;
  return r.faces.find((f) => f.faceSize >= g.minFaceSize && f.score >= g.minScore && f.alignmentError <= g.maxAlignmentError) ?? null;
}

export const vectorOf = (f: FaceRecord, flip: boolean): Float32Array => (flip ? flipFuse(f.emb, f.flip) : f.emb);

function passesGate(f: FaceRecord, gate: EvalConfig["probeGate"]): boolean {
  if (!gate) return true;
  return f.score >= (gate.minScore ?? 0) && f.faceSize >= (gate.minFaceSize ?? 0) && f.alignmentError <= (gate.maxAlignmentError ?? Infinity);
}

interface Gallery {
  ids: string[];
  vectors: Float32Array[];
  /** Cohort mean and sd of each entry (z-norm). */
  mu: Float64Array;
  sd: Float64Array;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function cohortStats(v: Float32Array, cohort: Float32Array[]): [number, number] {
  if (cohort.length < 2) return [0, 1];
  let s = 0;
  let ss = 0;
  for (const c of cohort) {
    const x = dot(v, c);
    s += x;
    ss += x * x;
  }
  const m = s / cohort.length;
  return [m, Math.sqrt(Math.max(1e-12, (ss - s * m) / (cohort.length - 1)))];
}

export interface Searcher {
  gallery: Gallery;
  /** Normalised scores of a probe against every entry. */
  scores(probe: Float32Array): Float64Array;
}

export function makeSearcher(gallery: Omit<Gallery, "mu" | "sd">, norm: Normalisation, cohort: Float32Array[]): Searcher {
  if (norm !== "none" && cohort.length < 100) throw new Error(`score normalisation needs a cohort of at least 100 faces, got ${cohort.length} (pass --cohort)`);
  const mu = new Float64Array(gallery.ids.length);
  const sd = new Float64Array(gallery.ids.length).fill(1);
  if (norm === "z" || norm === "s") gallery.vectors.forEach((v, i) => ([mu[i], sd[i]] = cohortStats(v, cohort)));
  const g: Gallery = { ...gallery, mu, sd };
  return {
    gallery: g,
    scores(probe) {
      const out = new Float64Array(g.ids.length);
      const [pm, psd] = norm === "t" || norm === "s" ? cohortStats(probe, cohort) : [0, 1];
      for (let i = 0; i < g.ids.length; i++) {
        const raw = dot(g.vectors[i], probe);
        if (norm === "none") out[i] = raw;
        else if (norm === "z") out[i] = (raw - mu[i]) / sd[i];
        else if (norm === "t") out[i] = (raw - pm) / psd;
        else out[i] = 0.5 * ((raw - mu[i]) / sd[i] + (raw - pm) / psd);
      }
      return out;
    },
  };
}

function best(scores: Float64Array): { index: number; score: number } {
  let index = -1;
  let score = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i] > score) [index, score] = [i, scores[i]];
  return { index, score };
}

export interface ConfigResult {
  config: EvalConfig;
  gallerySize: number;
  failuresToEnrol: number;
  failuresToAcquire: number;
  scores: SearchScores;
  rank1: Rate;
  atFpir: FpirTargetPoint[];
}

export interface GalleryBuild {
  /** One row per vector (`ids` repeat when an entry keeps several photos as rows). */
  gallery: Omit<Gallery, "mu" | "sd">;
  /** Enrolled people, and the entry of each gallery row. */
  entries: string[];
  rowEntry: Int32Array;
  /** Probe photos per enrolled subject (index into subject.photos). */
  probes: { subject: Subject; photoIndex: number }[];
  failuresToEnrol: number;
}

export function buildGallery(p: Protocol, c: EvalConfig): GalleryBuild {
  const ids: string[] = [];
  const vectors: Float32Array[] = [];
  const entries: string[] = [];
  const rowEntry: number[] = [];
  const probes: GalleryBuild["probes"] = [];
  const subset = c.multiPhotoSubset === true ? 2 : c.multiPhotoSubset || 0;
  let failuresToEnrol = 0;
  for (const s of p.subjects) {
    const n = s.photos.length >= c.enrolPhotos + 1 ? c.enrolPhotos : 1;
    const faces = s.photos.slice(0, n).map((ph) => enrolFace(ph.record));
    if (faces.some((f) => !f)) {
      failuresToEnrol++;
      continue;
    }
    const rows = faces.map((f) => vectorOf(f!, c.flip));
    for (const v of (c.enrolFusion ?? "mean") === "mean" ? [fuseEnrolment(rows)] : rows) {
      ids.push(s.id);
      vectors.push(v);
      rowEntry.push(entries.length);
    }
    entries.push(s.id);
    if (subset && s.photos.length < Math.max(4, subset + 1)) continue;
    for (let i = subset || n; i < s.photos.length; i++) probes.push({ subject: s, photoIndex: i });
  }
  return { gallery: { ids, vectors }, entries, rowEntry: Int32Array.from(rowEntry), probes, failuresToEnrol };
}

/** Per-entry scores from per-row scores: an entry scores its best row. */
export function entryScores(rowScores: Float64Array, rowEntry: Int32Array, entryCount: number): Float64Array {
  if (rowEntry.length === entryCount) return rowScores;
  const out = new Float64Array(entryCount).fill(-Infinity);
  for (let r = 0; r < rowScores.length; r++) if (rowScores[r] > out[rowEntry[r]]) out[rowEntry[r]] = rowScores[r];
  return out;
}

/** Every non-mated search face of the protocol (each face of each unknown photo that passes the live gates). */
export function nonMatedFaces(p: Protocol): FaceRecord[] {
  return p.unknown.flatMap((u) => u.record.faces);
}

export function evaluateConfig(p: Protocol, c: EvalConfig): ConfigResult {
  const built = buildGallery(p, c);
  const searcher = makeSearcher(built.gallery, c.norm, p.cohort);
  const search = (v: Float32Array) => entryScores(searcher.scores(v), built.rowEntry, built.entries.length);
  const indexOf = new Map(built.entries.map((id, i) => [id, i]));
  const matedHit: number[] = [];
  const matedOwn: number[] = [];
  let failuresToAcquire = 0;
  for (const { subject, photoIndex } of built.probes) {
    const f = probeFace(subject.photos[photoIndex].record);
    if (!f || !passesGate(f, c.probeGate)) {
      failuresToAcquire++;
      matedHit.push(-Infinity);
      matedOwn.push(NaN);
      continue;
    }
    const sc = search(vectorOf(f, c.flip));
    const own = indexOf.get(subject.id)!;
    const b = best(sc);
    matedOwn.push(sc[own]);
    matedHit.push(b.index === own ? sc[own] : -Infinity);
  }
  const nonMated: number[] = [];
  for (const f of nonMatedFaces(p)) {
    nonMated.push(passesGate(f, c.probeGate) ? best(search(vectorOf(f, c.flip))).score : -Infinity);
  }
  const scores: SearchScores = { matedHit: Float64Array.from(matedHit), matedOwn: Float64Array.from(matedOwn), nonMatedBest: Float64Array.from(nonMated) };
  return {
    config: c,
    gallerySize: built.entries.length,
    failuresToEnrol: built.failuresToEnrol,
    failuresToAcquire,
    scores,
    rank1: rank1(scores),
    atFpir: FPIR_TARGETS.map((t) => atFpir(scores, t)),
  };
}

// ---------------------------------------------------------------------------------------------
// Walk-past benchmark: decisions per pass (track), not per frame.

export type PassDecision = "per-frame" | "fused";

export interface WalkPastResult {
  config: EvalConfig;
  decision: PassDecision;
  matedPasses: number;
  nonMatedPasses: number;
  framesPerMatedPass: number;
  framesPerNonMatedPass: number;
  scores: SearchScores;
  atFpir: FpirTargetPoint[];
}

const weightOf = (f: FaceRecord) => frameQualityWeight({ score: f.score, faceSize: f.faceSize, alignmentError: f.alignmentError });

/**
 * Mated pass: the non-enrolled photos (2 or more) of one enrolled person, in order. Non-mated
 * pass: one unknown photo plus its shifted and zoomed variants. `per-frame`: the pass alerts when
 * any frame's nearest entry reaches the threshold (a hit when that is the right person in every
 * alerting frame's best); `fused`: the pass's frames are fused (quality-weighted mean of the best
 * FUSE_TOP_K) and searched once.
 */
export function evaluateWalkPast(p: Protocol, c: EvalConfig, decision: PassDecision): WalkPastResult {
  const built = buildGallery(p, { ...c, multiPhotoSubset: false });
  const searcher = makeSearcher(built.gallery, c.norm, p.cohort);
  const search = (v: Float32Array) => entryScores(searcher.scores(v), built.rowEntry, built.entries.length);
  const indexOf = new Map(built.entries.map((id, i) => [id, i]));
  const passesBySubject = new Map<Subject, FaceRecord[]>();
  for (const { subject, photoIndex } of built.probes) {
    const f = probeFace(subject.photos[photoIndex].record);
    const list = passesBySubject.get(subject) ?? [];
    if (f && passesGate(f, c.probeGate)) list.push(f);
    passesBySubject.set(subject, list);
  }
  const matedHit: number[] = [];
  const matedOwn: number[] = [];
  let matedFrames = 0;
  const decide = (frames: FaceRecord[]) => {
    if (frames.length === 0) return null;
    if (decision === "fused") {
      const v = fuseEmbeddings(frames.map((f) => ({ embedding: vectorOf(f, c.flip), weight: weightOf(f) })))!;
      return [search(v)];
    }
    return frames.map((f) => search(vectorOf(f, c.flip)));
  };
  for (const [subject, frames] of passesBySubject) {
    const photos = built.probes.filter((x) => x.subject === subject).length;
    if (photos < 2) continue; // a pass is 2+ consecutive photos
    matedFrames += frames.length;
    const per = decide(frames);
    const own = indexOf.get(subject.id)!;
    if (!per) {
      matedHit.push(-Infinity);
      matedOwn.push(NaN);
      continue;
    }
    // Hit score: the highest own score among frames where the own entry is rank 1.
    let hit = -Infinity;
    let ownBest = -Infinity;
    for (const sc of per) {
      ownBest = Math.max(ownBest, sc[own]);
      if (best(sc).index === own) hit = Math.max(hit, sc[own]);
    }
    matedHit.push(hit);
    matedOwn.push(ownBest);
  }
  const nonMated: number[] = [];
  let nonMatedFrames = 0;
  for (const u of p.unknown) {
    const frames = [probeFace(u.record), ...u.variants.map(probeFace)].filter((f): f is FaceRecord => !!f && passesGate(f, c.probeGate));
    if (!probeFace(u.record)) continue;
    nonMatedFrames += frames.length;
    const per = decide(frames);
    nonMated.push(per ? Math.max(...per.map((sc) => best(sc).score)) : -Infinity);
  }
  const scores: SearchScores = { matedHit: Float64Array.from(matedHit), matedOwn: Float64Array.from(matedOwn), nonMatedBest: Float64Array.from(nonMated) };
  return {
    config: c,
    decision,
    matedPasses: matedHit.length,
    nonMatedPasses: nonMated.length,
    framesPerMatedPass: matedHit.length ? matedFrames / matedHit.length : 0,
    framesPerNonMatedPass: nonMated.length ? nonMatedFrames / nonMated.length : 0,
    scores,
    atFpir: FPIR_TARGETS.map((t) => atFpir(scores, t)),
  };
}

// ---------------------------------------------------------------------------------------------
// All-pairs impostor distribution and group differentials.

export interface PairFace {
  vector: Float32Array;
  identity: string;
  /** Group value per grouping ("" = unlabelled: left out of that grouping). */
  groups: string[];
}

export interface GroupCell {
  a: string;
  b: string;
  histogram: ScoreHistogram;
}

export interface PairStats {
  impostor: ScoreHistogram;
  groupings: { name: string; values: string[]; cells: GroupCell[] }[];
}

/**
 * Every comparison of two faces of different people (n(n-1)/2 minus same-person pairs), into
 * one histogram, and per grouping into one histogram per pair of groups (same-group cells a = b).
 */
export function allPairs(faces: readonly PairFace[], groupingNames: readonly string[]): PairStats {
  const impostor = new ScoreHistogram();
  const groupings = groupingNames.map((name, gi) => {
    const values = [...new Set(faces.map((f) => f.groups[gi]).filter((v) => v !== ""))].sort();
    const cells: GroupCell[] = [];
    for (let i = 0; i < values.length; i++) for (let j = i; j < values.length; j++) cells.push({ a: values[i], b: values[j], histogram: new ScoreHistogram() });
    return { name, values, cells };
  });
  const G = groupings.map((g) => g.values.length);
  const faceGroup = faces.map((f) => groupings.map((g, gi) => g.values.indexOf(f.groups[gi])));
  const cellIndex = (gi: number, a: number, b: number) => {
    const [i, j] = a <= b ? [a, b] : [b, a];
    // Row-major upper triangle including the diagonal.
    return i * G[gi] - (i * (i - 1)) / 2 + (j - i);
  };
  const ids = faces.map((f) => f.identity);
  for (let x = 0; x < faces.length; x++) {
    const vx = faces[x].vector;
    for (let y = x + 1; y < faces.length; y++) {
      if (ids[x] === ids[y]) continue;
      const s = dot(vx, faces[y].vector);
      impostor.add(s);
      for (let gi = 0; gi < groupings.length; gi++) {
        const a = faceGroup[x][gi];
        const b = faceGroup[y][gi];
        if (a >= 0 && b >= 0) groupings[gi].cells[cellIndex(gi, a, b)].histogram.add(s);
      }
    }
  }
  return { impostor, groupings };
}

export interface GroupRate {
  a: string;
  b: string;
  comparisons: number;
  falseMatches: number;
  fmr: Rate;
}

export interface GroupingReport {
  name: string;
  threshold: number;
  sameGroup: GroupRate[];
  betweenGroups: GroupRate[];
  /** Highest over lowest same-group false-match rate (lowest > 0), with the groups named. */
  largestRatio: { high: string; low: string; ratio: number; lowIsZero: boolean } | null;
}

export function groupReport(g: PairStats["groupings"][number], threshold: number): GroupingReport {
  const toRate = (c: GroupCell): GroupRate => {
    const k = Math.round(c.histogram.countAtOrAbove(threshold));
    return { a: c.a, b: c.b, comparisons: c.histogram.count, falseMatches: k, fmr: rate(k, c.histogram.count) };
  };
  const sameGroup = g.cells.filter((c) => c.a === c.b).map(toRate);
  const betweenGroups = g.cells.filter((c) => c.a !== c.b).map(toRate);
  const ranked = sameGroup.filter((r) => r.comparisons > 0).sort((x, y) => y.fmr.rate - x.fmr.rate);
  let largestRatio: GroupingReport["largestRatio"] = null;
  if (ranked.length >= 2 && ranked[0].fmr.rate > 0) {
    const positive = ranked.filter((r) => r.fmr.rate > 0);
    const low = positive[positive.length - 1];
    const zero = ranked[ranked.length - 1].fmr.rate === 0;
    largestRatio = { high: ranked[0].a, low: zero ? ranked[ranked.length - 1].a : low.a, ratio: ranked[0].fmr.rate / low.fmr.rate, lowIsZero: zero };
  }
  return { name: g.name, threshold, sameGroup, betweenGroups, largestRatio };
}

/** Miss rate per group of mated searches at a threshold (from labelled probes). */
export function missRatesByGroup(
  result: ConfigResult,
  probes: { rel: string }[],
  groupOf: (rel: string) => string,
  threshold: number,
): { group: string; misses: number; searches: number; fnir: Rate }[] {
  const by = new Map<string, { misses: number; searches: number }>();
  probes.forEach((p, i) => {
    const g = groupOf(p.rel);
    if (!g) return;
    const e = by.get(g) ?? { misses: 0, searches: 0 };
    e.searches++;
    if (!(result.scores.matedHit[i] >= threshold)) e.misses++;
    by.set(g, e);
  });
  return [...by.entries()].sort().map(([group, e]) => ({ group, ...e, fnir: rate(e.misses, e.searches) }));
}

export function probeList(p: Protocol, c: EvalConfig): { rel: string }[] {
  return buildGallery(p, c).probes.map(({ subject, photoIndex }) => ({ rel: subject.photos[photoIndex].rel }));
}

export type { OperatingPoint, SparseHistogram };
export { operatingPoint };
