/**
 * `npm run bench:crime-import -- <file.csv> [--as <commander email>] [--batch 5000] [--json]`
 * Imports a police.uk street-level crime CSV into the database in DATABASE_URL through the same
 * streaming importer the upload route uses, and prints rows/s and every rejected line with its
 * number and reason. With --json the LAST line of stdout is one JSON object. Make a 100,000-row
 * file first with `npm run crime:generate`.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { db } from "../lib/db/prisma";
import { openCrimeCsv, runCrimeImport, type Rejection } from "../lib/intel/import-crime-csv";
import { withCliDatabase } from "../lib/db/cli-database";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { as: { type: "string" }, batch: { type: "string", default: "5000" }, json: { type: "boolean", default: false } },
  });
  const file = positionals[0];
  if (!file) {
    console.error("usage: npm run bench:crime-import -- <file.csv> [--as <email>] [--batch N] [--json]");
    return 2;
  }
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 100 || batchSize > 50_000) throw new Error("--batch must be 100..50000");
  const user = values.as
    ? await db().user.findUnique({ where: { email: values.as } })
    : await db().user.findFirst({ where: { role: "COMMANDER", active: true }, orderBy: { createdAt: "asc" } });
  if (!user || user.role !== "COMMANDER") {
    console.error(
      values.as ? `${values.as} is not an active commander.` : "No active commander in this database to record as the importer (seed it, or use --as).",
    );
    return 2;
  }
  const actor = { id: user.id, email: user.email, name: user.name, role: user.role, sid: "bench" };
  const size = (await stat(file)).size;
  const rejected: Rejection[] = [];
  const started = performance.now();
  const opened = await openCrimeCsv(createReadStream(file, { highWaterMark: 256 * 1024 }));
  let lastPrint = 0;
  const result = await runCrimeImport(opened, {
    fileName: path.basename(file),
    user: actor,
    requestId: "bench-crime-import",
    batchSize,
    onReject: (r) => rejected.push(r),
    onProgress: (p) => {
      const now = performance.now();
      if (now - lastPrint > 500) {
        process.stderr.write(`\r${p.rowsRead.toLocaleString("en-GB")} rows read, ${p.rowsRejected} rejected`);
        lastPrint = now;
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");
  const rowsPerSecond = Math.round(result.rowsRead / seconds);
  console.log(`file: ${file} (${(size / 1024 / 1024).toFixed(1)} MiB), batch ${batchSize}`);
  console.log(`rows read ${result.rowsRead}, accepted ${result.rowsAccepted}, rejected ${result.rowsRejected}`);
  console.log(`time ${seconds.toFixed(2)} s: ${rowsPerSecond.toLocaleString("en-GB")} rows/s, ${(size / 1024 / 1024 / seconds).toFixed(1)} MiB/s`);
  if (result.error) console.log(`import stopped: ${result.error}`);
  for (const r of rejected) console.log(`  rejected line ${r.line}: ${r.reason}`);
  if (values.json) {
    console.log(
      JSON.stringify({
        file: path.basename(file),
        bytes: size,
        importId: result.importId,
        batchSize,
        rowsRead: result.rowsRead,
        rowsAccepted: result.rowsAccepted,
        rowsRejected: result.rowsRejected,
        seconds: Math.round(seconds * 1000) / 1000,
        rowsPerSecond,
        error: result.error,
        rejected,
      }),
    );
  }
  return result.error ? 1 : 0;
}

withCliDatabase(main)
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    console.error(`bench:crime-import failed: ${(e as Error).message}`);
    process.exit(1);
  });
