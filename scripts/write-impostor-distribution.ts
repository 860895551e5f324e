/**
 * `npx tsx --conditions=react-server scripts/write-impostor-distribution.ts [--faces ../shared/faces] [--from eval.json]`
 * Writes lib/planning/impostor-scores.json: the measured impostor-score distribution of the
 * current recognition model (every comparison of a face with a DIFFERENT person's enrolment),
 * which the planning page uses to show the expected false alerts per hour of a threshold.
 * By default it runs the evaluation (lib/recognition/node/evaluate-faces.ts, the same code as
 * `npm run eval:faces`); with --from it reads the JSON line that `npm run eval:faces -- --json`
 * printed last. Commit the file it writes; re-run it whenever the model changes.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { MODELS } from "../lib/recognition/models";
import { evaluateFaces } from "../lib/recognition/node/evaluate-faces";
import { createNodeRecognizer, sharedDir } from "../lib/recognition/node/load-models";
import { DEFAULT_MATCH_THRESHOLD } from "../lib/recognition/thresholds";

const OUT = "lib/planning/impostor-scores.json";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { faces: { type: "string" }, from: { type: "string" } } });
  let scores: number[];
  let source: string;
  if (values.from) {
    const lines = (await readFile(values.from, "utf8")).trim().split("\n");
    const parsed = JSON.parse(lines[lines.length - 1]) as { impostorScores?: unknown };
    if (!Array.isArray(parsed.impostorScores) || !parsed.impostorScores.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw new Error(`${values.from}: the last line has no impostorScores array (run npm run eval:faces -- --json)`);
    }
    scores = parsed.impostorScores as number[];
    source = `npm run eval:faces -- --json (${path.basename(values.from)})`;
  } else {
    const facesDir = path.resolve(values.faces ?? path.join(sharedDir(), "faces"));
    const recognizer = await createNodeRecognizer();
    const report = await evaluateFaces(recognizer, facesDir, DEFAULT_MATCH_THRESHOLD);
    await recognizer.dispose();
    scores = report.impostorScores;
    source = `lib/recognition/node/evaluate-faces.ts on ${path.basename(facesDir)}/ (${report.identities.length} identities, ${report.probes} mated probes)`;
  }
  if (scores.length < 50) throw new Error(`only ${scores.length} impostor scores: too few to describe a distribution`);
  const sorted = scores.map((s) => Math.round(s * 10_000) / 10_000).sort((a, b) => a - b);
  const out = {
    modelId: MODELS.mobilefacenet.id,
    modelVersion: MODELS.mobilefacenet.version,
    measuredAt: new Date().toISOString(),
    source,
    count: sorted.length,
    scores: sorted,
  };
  await writeFile(OUT, `${JSON.stringify(out, null, 1).replace(/\n\s+(-?\d)/g, " $1")}\n`);
  console.log(`wrote ${sorted.length} impostor scores (min ${sorted[0]}, max ${sorted[sorted.length - 1]}) to ${OUT}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`write-impostor-distribution failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
