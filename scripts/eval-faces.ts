/**
 * Open-set face evaluation at scale:
 *   npm run eval:faces -- --faces ../shared/lfw-dev [--labels <tsv>] [--json] [--out <evidence.json>]
 *                         [--model mobilefacenet] [--cohort <dir>] [--jobs N] [--threshold T] [--no-walk-past]
 *
 * Layout: `<identity>/<photos>` (first photo enrolled, the rest are mated searches) and
 * `_unknown/<photos>` (non-mated searches). With a labels file that has no `identity` column
 * (UTKFace), every photo is a different person and only impostor figures are computed.
 * Per-image detections and embeddings are cached by content hash under .vigil/embeddings/.
 * With --json the LAST line of stdout is one JSON object: the model's evidence (histograms and
 * quantiles, never raw scores), which `--out` also writes to a file.
 * Protocol and rules: lib/recognition/node/evaluate-open-set.ts; docs/recognition.md.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { operatingPoint, type FpirTargetPoint, type Rate } from "../lib/recognition/evidence/open-set";
import { anyOfN, ScoreHistogram } from "../lib/recognition/evidence/score-histogram";
import { EVIDENCE_SCHEMA, GROUP_THRESHOLD_GRID, type ModelEvidence } from "../lib/recognition/evidence/model-evidence";
import { embeddingModel, embeddingModelIds } from "../lib/recognition/embedding-models";
import { extractJobs, listDataset, spawnShardHelpers, WALK_PAST_VARIANTS, jobKey, type ExtractionJob } from "../lib/recognition/node/extract-dataset";
import {
  allPairs,
  buildProtocol,
  evaluateConfig,
  evaluateWalkPast,
  groupColumns,
  groupReport,
  missRatesByGroup,
  probeList,
  readLabels,
  vectorOf,
  type ConfigResult,
  type EvalConfig,
  type PairFace,
  type WalkPastResult,
} from "../lib/recognition/node/evaluate-open-set";
import { FaceCache, type ImageRecord } from "../lib/recognition/node/face-cache";
import { createNodeRecognizer, sharedDir } from "../lib/recognition/node/load-models";
import { DEFAULT_MATCH_THRESHOLD, validateMatchThreshold } from "../lib/recognition/thresholds";

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
const pct = (r: Rate) => `${r.rate.toFixed(4)} [${r.lo.toFixed(4)}, ${r.hi.toFixed(4)}] (${r.k}/${r.n})`;
const sci = (x: number) => (x === 0 ? "0" : x.toExponential(2));

/** The configurations measured, in the order of the "what each change added" table. */
const BASELINE: EvalConfig = { name: "1 photo, plain embedding (the product)", flip: false, norm: "none", enrolPhotos: 1 };
const FLIP: EvalConfig = { name: "+ flip TTA", flip: true, norm: "none", enrolPhotos: 1 };

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      faces: { type: "string" },
      labels: { type: "string" },
      json: { type: "boolean", default: false },
      out: { type: "string" },
      model: { type: "string", default: "mobilefacenet" },
      cohort: { type: "string" },
      jobs: { type: "string", default: "1" },
      threshold: { type: "string" },
      "no-walk-past": { type: "boolean", default: false },
      "cached-only": { type: "boolean", default: false },
      "extract-shard": { type: "string" },
      errata: { type: "string" },
    },
  });
  const model = embeddingModel(values.model!);
  if (!model) throw new Error(`--model: unknown embedding model "${values.model}" (known: ${embeddingModelIds().join(", ")})`);
  const facesDir = path.resolve(values.faces ?? path.join(sharedDir(), "faces"));
  if (!existsSync(facesDir)) throw new Error(`--faces: ${facesDir} does not exist`);
  let threshold = DEFAULT_MATCH_THRESHOLD;
  if (values.threshold !== undefined) {
    const v = validateMatchThreshold(values.threshold);
    if (!v.ok) throw new Error(`--threshold: ${v.error}`);
    threshold = v.value;
  }
  const jobsCount = Number(values.jobs);
  if (!Number.isInteger(jobsCount) || jobsCount < 1 || jobsCount > 16) throw new Error("--jobs must be an integer 1..16");
  const labels = values.labels ? readLabels(path.resolve(values.labels)) : null;
  const pairsOnly = labels !== null && !labels.columns.includes("identity");
  const walkPast = !values["no-walk-past"] && !pairsOnly;
  const defaultCohort = path.join(sharedDir(), "utk-dev");
  const cohortDir =
    values.cohort === "none"
      ? null
      : values.cohort
        ? path.resolve(values.cohort)
        : !pairsOnly && existsSync(defaultCohort) && path.resolve(defaultCohort) !== facesDir
          ? defaultCohort
          : null;

  // 1. Extraction (cached by content hash; optionally sharded over helper processes).
  // Known label errors of the set (a photo under two names, a bystander who is enrolled): left out
  // everywhere, each with its reason, from lib/recognition/evidence/errata/<set>.tsv (--errata none keeps them).
  const defaultErrata = path.join(path.dirname(fileURLToPath(import.meta.url)), "../lib/recognition/evidence/errata", `${path.basename(facesDir)}.tsv`);
  const errataFile = values.errata === "none" ? null : values.errata ? path.resolve(values.errata) : existsSync(defaultErrata) ? defaultErrata : null;
  const errata = errataFile ? readLabels(errataFile).rows : new Map<string, Record<string, string>>();
  const allImages = listDataset(facesDir);
  const images = allImages.filter((i) => !errata.has(i.rel));
  if (images.length === 0) throw new Error(`--faces: no images under ${facesDir}`);
  const jobs: ExtractionJob[] = images.map((i) => ({ rel: i.rel }));
  if (walkPast) for (const i of images) if (i.folder === "_unknown") for (const v of WALK_PAST_VARIANTS) jobs.push({ rel: i.rel, variant: v });
  const cohortImages = cohortDir ? listDataset(cohortDir) : [];
  const cohortJobs: ExtractionJob[] = cohortImages.map((i) => ({ rel: i.rel }));

  // The chosen manifest entry's file, checked against its SHA-256, aligned and normalised as it says.
  const recognizer = await createNodeRecognizer({ numThreads: jobsCount > 1 ? 1 : undefined, embeddingModel: model });
  const cacheKey = `${model.id}-${model.sha256.slice(0, 12)}`;
  const shard = values["extract-shard"];
  if (shard) {
    const [k, n] = shard.split("/").map(Number);
    const cache = new FaceCache(cacheKey);
    await extractJobs(recognizer, cache, facesDir, jobs, { index: k, count: n });
    if (cohortDir) await extractJobs(recognizer, cache, cohortDir, cohortJobs, { index: k, count: n });
    await recognizer.dispose();
    return;
  }
  let cache = new FaceCache(cacheKey);
  const cachedBefore = cache.size;
  if (jobsCount > 1) {
    const argv = process.argv.slice(1).filter((a, i, all) => a !== "--json" && !(a === "--out" || all[i - 1] === "--out"));
    const helpers = spawnShardHelpers(jobsCount, argv);
    await extractJobs(recognizer, cache, facesDir, jobs, { index: 0, count: jobsCount });
    if (cohortDir) await extractJobs(recognizer, cache, cohortDir, cohortJobs, { index: 0, count: jobsCount });
    await Promise.all(helpers);
    cache = new FaceCache(cacheKey);
  }
  const cachedOnly = values["cached-only"]!;
  const quiet = cachedOnly ? () => undefined : undefined;
  const records = await extractJobs(recognizer, cache, facesDir, jobs, undefined, quiet, cachedOnly);
  const cohortRecords = cohortDir ? await extractJobs(recognizer, cache, cohortDir, cohortJobs, undefined, quiet, cachedOnly) : new Map<string, ImageRecord>();
  await recognizer.dispose();
  const extractedS = (performance.now() - started) / 1000;
  const computed = cache.size - cachedBefore;

  const out: string[] = [];
  const line = (s = "") => out.push(s);
  line(`Faces: ${facesDir} (${images.length} images${walkPast ? ` + ${jobs.length - images.length} walk-past variants` : ""})`);
  line(`Model: ${model.id} (${model.version}), sha256 ${model.sha256.slice(0, 16)}…`);
  line(
    errataFile
      ? `Errata: ${allImages.length - images.length} photos left out as known label errors (${path.relative(process.cwd(), errataFile)}; --errata none keeps them)`
      : "Errata: none",
  );
  line(`Extraction: ${extractedS.toFixed(0)} s (${computed} images computed, the rest from the cache ${path.relative(process.cwd(), cache.file)})`);
  const missing = images.filter((i) => !records.has(i.rel)).length;
  if (cachedOnly)
    line(
      `--cached-only: ${images.length - missing} of ${images.length} images cached (${missing} left out), ${[...records.keys()].filter((k) => k.includes("|")).length} walk-past variants, ${cohortRecords.size} cohort images`,
    );

  // 2. Open-set protocol.
  const baseRecords = new Map(images.filter((i) => records.has(i.rel)).map((i) => [i.rel, records.get(i.rel)!]));
  const protocol = buildProtocol(images, baseRecords, (rel) =>
    WALK_PAST_VARIANTS.map((v) => records.get(jobKey({ rel, variant: v }))).filter((r): r is ImageRecord => !!r),
  );
  protocol.cohort = [...cohortRecords.values()].flatMap((r) => (r.faces[0] ? [vectorOf(r.faces[0], true)] : []));
  const identityOf = (rel: string, folder: string) => labels?.rows.get(rel)?.identity || (folder === "_unknown" || pairsOnly ? rel : folder);

  const results: ConfigResult[] = [];
  const walks: WalkPastResult[] = [];
  // What the product does: the live worker and enrolment embed each face once (no flip: it added
  // nothing measurable and would double the embedding time), cosine scores, photos of an entry fused.
  const chosen: EvalConfig = BASELINE;
  if (!pairsOnly && protocol.subjects.length > 0) {
    const configs: EvalConfig[] = [BASELINE, FLIP];
    if (protocol.cohort.length >= 100) {
      configs.push({ ...FLIP, name: "+ flip + cohort z-norm (entry side)", norm: "z" });
      configs.push({ ...FLIP, name: "+ flip + cohort t-norm (probe side)", norm: "t" });
      configs.push({ ...FLIP, name: "+ flip + cohort s-norm (both)", norm: "s" });
    }
    configs.push({ ...FLIP, name: "+ flip + probe gate score>=0.8", probeGate: { minScore: 0.8 } });
    configs.push({ ...FLIP, name: "+ flip + probe gate misfit<=8", probeGate: { maxAlignmentError: 8 } });
    configs.push({ ...FLIP, name: "+ flip + probe gate size>=48", probeGate: { minFaceSize: 48 } });
    // Several photos per entry, on the same searches (people with 4 photos): one fused row per entry
    // (the product's rule, lib/recognition/fuse-enrolment.ts) against one row per photo (best row).
    for (const [k, label] of [
      [2, "3rd-4th"],
      [3, "4th"],
    ] as const) {
      configs.push({ ...BASELINE, name: `multi-photo (probes: ${label} photo): enrol 1`, multiPhotoSubset: k });
      for (let n = 2; n <= k; n++) {
        configs.push({
          ...BASELINE,
          name: `multi-photo (probes: ${label} photo): enrol ${n}, best row`,
          enrolPhotos: n,
          multiPhotoSubset: k,
          enrolFusion: "max",
        });
        configs.push({
          ...BASELINE,
          name: `multi-photo (probes: ${label} photo): enrol ${n}, fused`,
          enrolPhotos: n,
          multiPhotoSubset: k,
          enrolFusion: "mean",
        });
      }
    }
    for (const c of configs) results.push(evaluateConfig(protocol, c));
    const main = results.find((r) => r.config === chosen)!;
    line();
    line(
      `Open set: ${main.gallerySize} people enrolled (1 photo each; ${main.failuresToEnrol} failed to enrol), ${main.scores.matedHit.length} mated searches (${main.failuresToAcquire} failed to acquire), ${main.scores.nonMatedBest.length} non-mated searches`,
    );
    line();
    line("What each change added (same searches; TPIR at the threshold where FPIR <= target):");
    line(
      `  ${"configuration".padEnd(50)} ${"rank-1".padStart(7)} ${"TPIR@1e-2".padStart(10)} ${"TPIR@1e-3".padStart(10)} ${"thr@1e-3".padStart(9)} ${"TPIR@1e-4".padStart(10)}  FP@1e-3`,
    );
    for (const r of results) {
      const [a, b, c] = r.atFpir;
      line(
        `  ${r.config.name.padEnd(50)} ${f3(r.rank1.rate).padStart(7)} ${f3(a.tpir.rate).padStart(10)} ${f3(b.tpir.rate).padStart(10)} ${f3(b.threshold).padStart(9)} ${f3(c.tpir.rate).padStart(10)}  ${b.fpir.k}/${b.fpir.n} (mated ${r.scores.matedHit.length})`,
      );
    }
    line();
    line(`Chosen for the product: ${chosen.name} (cosine scores; normalised scores are reported, not deployed: see docs/recognition.md)`);
    for (const p of main.atFpir) {
      line(`  FPIR <= ${p.target}: threshold ${f3(p.threshold)}  TPIR ${pct(p.tpir)}  FPIR ${pct(p.fpir)}`);
    }
    const atDefault = operatingPoint(main.scores, threshold);
    line(`  at ${threshold}: TPIR ${pct(atDefault.tpir)}  FPIR ${pct(atDefault.fpir)}`);

    if (walkPast) {
      for (const c of [BASELINE, FLIP]) for (const d of ["per-frame", "fused"] as const) walks.push(evaluateWalkPast(protocol, c, d));
      line();
      line("Walk-past benchmark (mated pass: an enrolled person's 2-3 other photos in a row; non-mated pass: an unknown photo + a shifted/zoomed copy):");
      line(`  ${"decision".padEnd(42)} ${"TPIR@1e-2".padStart(10)} ${"TPIR@1e-3".padStart(10)} ${"thr@1e-3".padStart(9)}  passes (mated / non-mated)`);
      for (const w of walks) {
        const [a, b] = w.atFpir;
        line(
          `  ${`${w.config.name}, ${w.decision}`.padEnd(42)} ${f3(a.tpir.rate).padStart(10)} ${f3(b.tpir.rate).padStart(10)} ${f3(b.threshold).padStart(9)}  ${w.matedPasses} / ${w.nonMatedPasses} (${w.framesPerMatedPass.toFixed(1)} / ${w.framesPerNonMatedPass.toFixed(1)} frames)`,
        );
      }
    }
  }

  // 3. All-pairs impostor distribution and group differentials (one face per photo).
  const groupNames = labels ? groupColumns(labels) : [];
  const groupings = groupNames.length > 1 ? [...groupNames, groupNames.join("×")] : groupNames;
  const pairFaces: PairFace[] = [];
  for (const img of images) {
    if (img.folder.startsWith("_") && img.folder !== "_unknown") continue; // _group: unlabelled scenes
    const f = baseRecords.get(img.rel)?.faces[0];
    if (!f) continue;
    const row = labels?.rows.get(img.rel);
    const g = groupNames.map((c) => row?.[c] ?? "");
    pairFaces.push({
      vector: vectorOf(f, chosen.flip),
      identity: identityOf(img.rel, img.folder),
      groups: groupNames.length > 1 ? [...g, g.every((x) => x !== "") ? g.join(" ") : ""] : g,
    });
  }
  const pairs = allPairs(pairFaces, groupings);
  const imp = pairs.impostor;
  line();
  line(`Impostor comparisons (every pair of photos of different people): ${imp.count.toLocaleString("en")}`);
  line(
    `  mean ${f3(imp.mean)} sd ${f3(imp.sd)}; quantiles 0.5 ${f3(imp.quantile(0.5))}, 0.99 ${f3(imp.quantile(0.99))}, 0.9999 ${f3(imp.quantile(0.9999))}, 0.999999 ${f3(imp.quantile(0.999999))}, max ${f3(imp.highest)}`,
  );
  line("  FPIR predicted for a gallery of N entries, 1-(1-p(t))^N from the per-comparison rate p(t):");
  const sizes = [1_000, 10_000, 100_000];
  line(`  ${"t".padStart(6)} ${"p(t)".padStart(9)} ${sizes.map((n) => `N=${n.toLocaleString("en")}`.padStart(12)).join(" ")}`);
  for (const t of [0.4, 0.45, 0.5, 0.55, 0.6, 0.65]) {
    const p = imp.tail(t);
    line(
      `  ${t.toFixed(2).padStart(6)} ${sci(p).padStart(9)} ${sizes.map((n) => sci(anyOfN(p, n)).padStart(12)).join(" ")}  (${Math.round(imp.countAtOrAbove(t))} comparisons >= t)`,
    );
  }

  const groupReports = pairs.groupings.map((g) => groupReport(g, threshold));
  for (const g of groupReports) {
    line();
    line(`False-match rate by ${g.name} at ${threshold} (same group: both faces in it):`);
    for (const r of g.sameGroup)
      line(`  ${r.a.padEnd(24)} ${sci(r.fmr.rate).padStart(9)} [${sci(r.fmr.lo)}, ${sci(r.fmr.hi)}]  ${r.falseMatches}/${r.comparisons.toLocaleString("en")}`);
    const between = [...g.betweenGroups].sort((x, y) => y.fmr.rate - x.fmr.rate).slice(0, 5);
    if (between.length)
      line(
        `  between groups (highest ${between.length}): ${between.map((r) => `${r.a}/${r.b} ${sci(r.fmr.rate)} (${r.falseMatches}/${r.comparisons})`).join("; ")}`,
      );
    if (g.largestRatio)
      line(
        `  largest ratio: ${g.largestRatio.high} / ${g.largestRatio.low} = ${g.largestRatio.lowIsZero ? `∞ (${g.largestRatio.low} has none; vs the lowest non-zero: ${g.largestRatio.ratio.toFixed(1)}×)` : `${g.largestRatio.ratio.toFixed(1)}×`}`,
      );
  }
  let missByGroup: ReturnType<typeof missRatesByGroup> = [];
  if (labels && results.length > 1 && groupNames.length) {
    const col = groupNames[0];
    missByGroup = missRatesByGroup(
      results.find((r) => r.config === chosen)!,
      probeList(protocol, chosen),
      (rel) => labels.rows.get(rel)?.[col] ?? "",
      threshold,
    );
    line();
    line(`Miss rate (1 - TPIR) of mated searches by ${col} at ${threshold}:`);
    for (const m of missByGroup) line(`  ${m.group.padEnd(24)} ${pct(m.fnir)}`);
  }
  const runtimeS = (performance.now() - started) / 1000;
  line();
  line(`Runtime: ${runtimeS.toFixed(0)} s (extraction ${extractedS.toFixed(0)} s, ${computed} images computed)`);
  console.log(out.join("\n"));

  if (values.json || values.out) {
    const main = results.find((r) => r.config === chosen);
    const evidence: ModelEvidence = {
      schema: EVIDENCE_SCHEMA,
      modelId: model.id,
      modelVersion: model.version,
      modelSha256: model.sha256,
      measuredAt: new Date().toISOString(),
      dataset: {
        name: path.basename(facesDir),
        images: baseRecords.size,
        enrolled: main?.gallerySize ?? 0,
        matedSearches: main?.scores.matedHit.length ?? 0,
        nonMatedSearches: main?.scores.nonMatedBest.length ?? 0,
        failuresToEnrol: main?.failuresToEnrol ?? 0,
        failuresToAcquire: main?.failuresToAcquire ?? 0,
        excludedAsLabelErrors: allImages.length - images.length,
      },
      config: {
        flip: chosen.flip,
        normalisation: chosen.norm,
        enrolPhotos: chosen.enrolPhotos,
        enrolFusion: "several photos of an entry: one row, the L2-normalised mean of their embeddings",
        trackFusion: "quality-weighted mean of the best 5 frames",
      },
      runtimeSeconds: Math.round(runtimeS),
      rank1: main?.rank1 ?? null,
      atFpir: main?.atFpir ?? [],
      atThreshold: main ? operatingPoint(main.scores, threshold) : null,
      matedHits: main ? histogramOf(main.scores.matedHit, main.scores.matedHit.length) : null,
      nonMatedBest: main ? histogramOf(main.scores.nonMatedBest, main.scores.nonMatedBest.length) : null,
      impostor: imp.toSparse(),
      impostorSummary: {
        comparisons: imp.count,
        mean: imp.mean,
        sd: imp.sd,
        quantiles: Object.fromEntries([0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, 0.999999].map((q) => [String(q), imp.quantile(q)])),
      },
      changes: results.map((r) => ({
        name: r.config.name,
        rank1: r.rank1,
        mated: r.scores.matedHit.length,
        nonMated: r.scores.nonMatedBest.length,
        atFpir: r.atFpir.map(slimPoint),
      })),
      walkPast: walks.map((w) => ({
        name: `${w.config.name}, ${w.decision}`,
        decision: w.decision,
        matedPasses: w.matedPasses,
        nonMatedPasses: w.nonMatedPasses,
        atFpir: w.atFpir.map(slimPoint),
      })),
      // Cells without a comparison (labels no pair shares) carry no figure: left out of the stored evidence.
      groups: groupReports.map((g) => ({
        ...g,
        sameGroup: g.sameGroup.filter((r) => r.comparisons > 0),
        betweenGroups: g.betweenGroups.filter((r) => r.comparisons > 0),
      })),
      missByGroup: missByGroup.map((m) => ({ group: m.group, fnir: m.fnir })),
      groupsAtThresholds: GROUP_THRESHOLD_GRID.map((t) => ({
        threshold: t,
        groups: pairs.groupings.map((g) => {
          const r = groupReport(g, t);
          return { name: r.name, sameGroup: r.sameGroup.filter((x) => x.comparisons > 0), largestRatio: r.largestRatio };
        }),
      })),
    };
    const json = JSON.stringify(evidence);
    if (values.out) await writeFile(values.out, `${json}\n`);
    if (values.json) console.log(json);
  }
}

function slimPoint(p: FpirTargetPoint) {
  return { target: p.target, threshold: p.threshold, tpir: p.tpir, fpir: p.fpir };
}

/** Histogram of the finite values; `n` (the searches behind it) is kept so rates can be formed. */
function histogramOf(values: Float64Array, n: number) {
  const h = new ScoreHistogram();
  for (const v of values) h.add(v);
  return { searches: n, histogram: h.toSparse() };
}
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
