/**
 * `npm run watchlist:import -- <folder> --watchlist <name> [--as <commander email>] [--all-images]`
 * Enrols one subject per sub-folder of <folder> (folders starting with "_" are skipped), through
 * the same recognition pipeline as the browser. Creates the watchlist if needed. Progress on
 * stderr; every rejected photo is listed with its reason.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { db } from "../lib/db/prisma";
import { enrolFolders } from "../lib/watchlists/enrol-folder";
import { withCliDatabase } from "../lib/db/cli-database";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

async function main(): Promise<number> {
  const folder = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const name = opt("--watchlist");
  if (!folder || !name) {
    console.error("usage: npm run watchlist:import -- <folder> --watchlist <name> [--as <email>] [--all-images]");
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
  const subjects = (await readdir(folder, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
    .map((d) => ({ folder: path.join(folder, d.name), subjectReference: d.name, images: args.includes("--all-images") ? ("all" as const) : ("first" as const) }));
  const started = Date.now();
  const report = await enrolFolders(watchlist.id, subjects, actor, {
    onProgress: (done, total, label) => {
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${label.padEnd(24).slice(0, 24)}`);
    },
  });
  process.stderr.write("\n");
  for (const r of report.rejected) console.log(`rejected ${r.subjectReference}/${r.file}: ${r.reason} (${r.detail})`);
  for (const e of report.enrolled.filter((e) => e.duplicates.length)) console.log(`possible duplicate: ${e.subjectReference} resembles ${e.duplicates.join(", ")}`);
  console.log(`enrolled ${report.enrolled.length} photo(s) of ${subjects.length} subject(s) into "${name}" in ${((Date.now() - started) / 1000).toFixed(1)} s; ${report.rejected.length} rejected`);
  return 0;
}

withCliDatabase(main)
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`watchlist:import failed: ${(error as Error).message}`);
    process.exit(1);
  });
