/**
 * Two ways in, both through the same recognition pipeline as the browser, creating the watchlist if needed:
 *
 * `npm run watchlist:import -- --manifest subjects.csv --photos <folder> --watchlist <name> [--as <email>] [--report out.csv]`
 *   The web page's manifest (lib/watchlists/parse-manifest.ts): per-subject reference, reason, legal
 *   basis, image source and date, expiry and photo file(s). Every row is validated first (errors
 *   with line numbers, nothing enrolled); then a per-row report (stdout, and --report as CSV).
 *   Rows already on the watchlist are skipped, so re-running resumes.
 *
 * `npm run watchlist:import -- <folder> --watchlist <name> [--as <commander email>] [--all-images]`
 *   The older demo form: one subject per sub-folder of <folder> ("_" folders skipped), one
 *   reason, legal basis and expiry for all.
 */
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { bulkReportCsv } from "../lib/watchlists/bulk-report";
import { enrolManifest } from "../lib/watchlists/enrol-manifest";
import { parseManifest } from "../lib/watchlists/parse-manifest";
import { db } from "../lib/db/prisma";
import { enrolFolders } from "../lib/watchlists/enrol-folder";
import { withCliDatabase } from "../lib/db/cli-database";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const progress = (done: number, total: number, label: string) => {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${label.padEnd(24).slice(0, 24)}`);
};

async function main(): Promise<number> {
  const manifestFile = opt("--manifest");
  const folder = manifestFile ? opt("--photos") : args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const name = opt("--watchlist");
  if (!folder || !name) {
    console.error("usage: npm run watchlist:import -- --manifest <subjects.csv> --photos <folder> --watchlist <name> [--as <email>] [--report <out.csv>]");
    console.error("   or: npm run watchlist:import -- <folder> --watchlist <name> [--as <email>] [--all-images]");
    return 2;
  }
  const manifest = manifestFile ? parseManifest(await readFile(manifestFile, "utf8")) : null;
  if (manifest?.errors.length) {
    for (const e of manifest.errors) console.error(`${manifestFile}:${e.line}: ${e.field}: ${e.message}`);
    console.error(`${manifest.errors.length} error(s) in the manifest: nothing was enrolled.`);
    return 2;
  }
  const email = opt("--as");
  const user = email
    ? await db().user.findUnique({ where: { email } })
    : await db().user.findFirst({ where: { role: "COMMANDER", active: true }, orderBy: { createdAt: "asc" } });
  if (!user || user.role !== "COMMANDER") {
    console.error(email ? `${email} is not an active commander.` : "No active commander to record as the person adding the entries (use --as).");
    return 2;
  }
  const actor = { id: user.id, email: user.email, name: user.name, role: user.role, sid: "cli" };
  const watchlist =
    (await db().watchlist.findUnique({ where: { name } })) ??
    (await db().watchlist.create({ data: { name, description: `Imported from ${path.basename(folder)}`, createdById: user.id } }));
  if (manifest) {
    const started = Date.now();
    const report = await enrolManifest(watchlist.id, manifest.rows, folder, actor, { onProgress: progress });
    process.stderr.write("\n");
    for (const r of report) console.log(`line ${r.line} ${r.subjectReference}: ${r.status}${r.detail ? ` (${r.detail})` : ""}`);
    const reportFile = opt("--report");
    if (reportFile) await writeFile(reportFile, bulkReportCsv(report));
    const count = (...s: string[]) => report.filter((r) => s.includes(r.status)).length;
    console.log(
      `${count("enrolled", "possible_duplicate")} enrolled (${count("possible_duplicate")} possible duplicates), ${count("already_enrolled")} already there, ${report.length - count("enrolled", "possible_duplicate", "already_enrolled")} not enrolled, of ${manifest.rows.length} row(s) into "${name}" in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  }
  const subjects = (await readdir(folder, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
    .map((d) => ({
      folder: path.join(folder, d.name),
      subjectReference: d.name,
      images: args.includes("--all-images") ? ("all" as const) : ("first" as const),
    }));
  const started = Date.now();
  const report = await enrolFolders(watchlist.id, subjects, actor, {
    onProgress: progress,
  });
  process.stderr.write("\n");
  for (const r of report.rejected) console.log(`rejected ${r.subjectReference}/${r.file}: ${r.reason} (${r.detail})`);
  for (const e of report.enrolled.filter((e) => e.duplicates.length))
    console.log(`possible duplicate: ${e.subjectReference} resembles ${e.duplicates.join(", ")}`);
  console.log(
    `enrolled ${report.enrolled.length} photo(s) of ${subjects.length} subject(s) into "${name}" in ${((Date.now() - started) / 1000).toFixed(1)} s; ${report.rejected.length} rejected`,
  );
  return 0;
}

withCliDatabase(main)
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`watchlist:import failed: ${(error as Error).message}`);
    process.exit(1);
  });
