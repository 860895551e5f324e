/**
 * Open-set face evaluation: `npm run eval:faces -- --faces <dir> [--threshold T] [--json]`.
 * Enrols the first image of each identity, probes with the rest, with `_unknown/*` as
 * non-mated probes and `_group/*` as multi-face scenes. Rules: lib/recognition/node/evaluate-faces.ts.
 * With --json the LAST line of stdout is one JSON object.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { distribution, evaluateFaces, type EvaluationReport } from "../lib/recognition/node/evaluate-faces";
import { createNodeRecognizer, sharedDir } from "../lib/recognition/node/load-models";
import { DEFAULT_MATCH_THRESHOLD, validateMatchThreshold } from "../lib/recognition/thresholds";

function histogram(values: readonly number[], from = -0.3, to = 1, step = 0.1): string[] {
  const bins = Math.round((to - from) / step);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - from) / step)))]++;
  const peak = Math.max(1, ...counts);
  return counts.map((c, i) => {
    const lo = from + i * step;
    const bar = "#".repeat(Math.ceil((c / peak) * 40));
    return `  ${lo.toFixed(1).padStart(5)} .. ${(lo + step).toFixed(1).padStart(4)} | ${String(c).padStart(4)} ${bar}`;
  });
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? "-" : v.toFixed(3));

function printReport(r: EvaluationReport): void {
  const line = (s = "") => console.log(s);
  line(`Faces: ${r.facesDir}`);
  line(`Gallery: ${r.identities.length} identities (first image each); detector score >= ${r.detectorThreshold}; match threshold ${r.threshold}`);
  for (const f of r.enrolFailures) line(`  ENROL FAILED ${f.identity}/${f.file}: ${f.reason}`);
  line();
  line("Mated probes (largest good face of each non-first image):");
  line(`  ${"probe".padEnd(24)} ${"own score".padStart(9)}  ${"nearest".padEnd(16)} ${"score".padStart(6)}  result`);
  for (const g of r.genuine) {
    const result = g.score === null ? "FAILED TO ACQUIRE" : g.matched === g.identity ? "match" : g.matched ? `WRONG (${g.matched})` : "MISS";
    line(`  ${`${g.identity}/${g.file}`.padEnd(24)} ${f3(g.score).padStart(9)}  ${(g.bestIdentity ?? "-").padEnd(16)} ${f3(g.bestScore).padStart(6)}  ${result}`);
  }
  line();
  const gd = r.genuineDistribution;
  const id = r.impostorDistribution;
  const nm = distribution(r.nonMatedBestScores);
  line(`                         ${"n".padStart(5)} ${"min".padStart(7)} ${"median".padStart(7)} ${"max".padStart(7)}`);
  line(`  genuine scores         ${String(gd.count).padStart(5)} ${f3(gd.min).padStart(7)} ${f3(gd.median).padStart(7)} ${f3(gd.max).padStart(7)}`);
  line(`  impostor comparisons   ${String(id.count).padStart(5)} ${f3(id.min).padStart(7)} ${f3(id.median).padStart(7)} ${f3(id.max).padStart(7)}`);
  line(`  non-mated best scores  ${String(nm.count).padStart(5)} ${f3(nm.min).padStart(7)} ${f3(nm.median).padStart(7)} ${f3(nm.max).padStart(7)}`);
  line();
  line("Genuine score histogram:");
  histogram(r.genuineScores).forEach((l) => line(l));
  line("Impostor score histogram:");
  histogram(r.impostorScores).forEach((l) => line(l));
  line();
  line(`  mated searches (probes)   ${r.probes}  (failed to acquire: ${r.failuresToAcquire})`);
  line(`  rank-1 correct            ${r.rank1} / ${r.probes}`);
  line(`  TPIR @ ${r.threshold}            ${f3(r.tpir)}`);
  line(`  FPIR @ ${r.threshold}            ${f3(r.fpir)}  (${r.nonMatedSearches} non-mated searches)`);
  line(`  misidentified @ threshold ${r.misidentified}`);
  line(`  FPIR 0 (no impostor comparison at/above) from threshold ${r.fpir0Threshold.toFixed(2)}; margin genuineMin - impostorMax = ${f3(gd.min - id.max)}`);
  line();
  line("Group photos (every detected face searched):");
  for (const g of r.groups) {
    const m = g.matched.map((x) => `${x.identity} (${x.score.toFixed(3)})`).join(", ") || "none";
    line(`  _group/${g.file}: ${g.faces} faces (${g.facesAbove09} >= 0.9); matched: ${m}`);
    for (const d of g.details) {
      const q = d.qualityOk ? "" : ` [not searched: ${d.qualityReasons.join(",")}]`;
      line(`      det ${d.detScore.toFixed(2)} ${Math.round(d.box.width)}x${Math.round(d.box.height)} nearest ${d.bestIdentity ?? "-"} ${f3(d.bestScore)}${d.matched ? " MATCH" : ""}${q}`);
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      faces: { type: "string" },
      threshold: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const facesDir = path.resolve(values.faces ?? path.join(sharedDir(), "faces"));
  let threshold = DEFAULT_MATCH_THRESHOLD;
  if (values.threshold !== undefined) {
    const v = validateMatchThreshold(values.threshold);
    if (!v.ok) throw new Error(v.error);
    threshold = v.value;
  }
  const recognizer = await createNodeRecognizer();
  const report = await evaluateFaces(recognizer, facesDir, threshold);
  await recognizer.dispose();
  printReport(report);
  if (values.json) {
    const { genuineDistribution: gd, impostorDistribution: id } = report;
    console.log(
      JSON.stringify({
        probes: report.probes,
        rank1: report.rank1,
        tpir: report.tpir,
        fpir: report.fpir,
        threshold: report.threshold,
        genuineMin: gd.min,
        genuineMedian: gd.median,
        genuineMax: gd.max,
        impostorMin: id.min,
        impostorMedian: id.median,
        impostorMax: id.max,
        fpir0Threshold: report.fpir0Threshold,
        misidentified: report.misidentified,
        failuresToAcquire: report.failuresToAcquire,
        nonMatedSearches: report.nonMatedSearches,
        detectorThreshold: report.detectorThreshold,
        identities: report.identities.length,
        enrolFailures: report.enrolFailures,
        groups: report.groups.map((g) => ({ file: g.file, faces: g.faces, facesAbove09: g.facesAbove09, matched: g.matched })),
        genuineScores: report.genuineScores,
        nonMatedBestScores: report.nonMatedBestScores,
        impostorScores: report.impostorScores,
      }),
    );
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
