/**
 * `npm run crime:generate -- [--rows 100000] [--bad 25] [--seed 1] [--month 2026-09]
 *   [--area london|central] [--out .vigil/crime-100000.csv]`
 * Writes a synthetic street-level crime file in the police.uk CSV format (see
 * lib/intel/generate-crime-rows.ts), with deliberately bad rows at known lines, and prints
 * where they are. The demo sample was made with
 * `--rows 400 --bad 7 --seed 7 --area central --out public/samples/crime-sample.csv`.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { badLinesOf, generateCrimeLines, type GenerateOptions } from "../lib/intel/generate-crime-rows";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "100000" },
      bad: { type: "string", default: "25" },
      seed: { type: "string", default: "1" },
      month: { type: "string", default: "2026-09" },
      area: { type: "string", default: "london" },
      out: { type: "string" },
    },
  });
  const o: GenerateOptions = {
    rows: Number(values.rows),
    bad: Number(values.bad),
    seed: Number(values.seed),
    month: values.month!,
    area: values.area === "central" ? "central" : "london",
  };
  if (!Number.isInteger(o.rows) || o.rows < 1 || o.rows > 5_000_000) throw new Error("--rows must be a whole number from 1 to 5,000,000");
  if (!Number.isInteger(o.bad) || o.bad < 0 || o.bad > o.rows) throw new Error("--bad must be a whole number no larger than --rows");
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new Error("--month must be YYYY-MM");
  const out = path.resolve(values.out ?? `.vigil/crime-${o.rows}.csv`);
  await mkdir(path.dirname(out), { recursive: true });
  const file = createWriteStream(out);
  let bytes = 0;
  for (const line of generateCrimeLines(o)) {
    bytes += Buffer.byteLength(line) + 2;
    if (!file.write(`${line}\r\n`)) await once(file, "drain");
  }
  file.end();
  await once(file, "finish");
  console.log(`wrote ${o.rows} rows (${(bytes / 1024 / 1024).toFixed(1)} MiB) to ${path.relative(process.cwd(), out)}`);
  for (const b of badLinesOf(o)) console.log(`  bad on purpose: line ${b.line} (${b.kind})`);
}

main().catch((e: unknown) => {
  console.error(`crime:generate failed: ${(e as Error).message}`);
  process.exit(1);
});
