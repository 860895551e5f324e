/**
 * `npm run db:backup [-- --out file]`: a consistent backup of the app's database (DATABASE_URL, or
 * the embedded one) in Vigil's logical format (lib/db/backup.ts). Safe while the app runs.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { backupDatabase } from "../lib/db/backup";
import { withCliDatabase } from "../lib/db/cli-database";
import { stateDir } from "../lib/db/paths";

const args = process.argv.slice(2);
const outArg = args.indexOf("--out");

withCliDatabase(async () => {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = outArg >= 0 ? args[outArg + 1] : path.join(stateDir, "backups", `vigil-${stamp}.vigilbak.gz`);
  if (!file) throw new Error("--out needs a file name");
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const started = Date.now();
  const summary = await backupDatabase(process.env.DATABASE_URL!, file);
  const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
  console.log(
    `backup written: ${file} (${rows} rows in ${Object.keys(summary.tables).length} tables, sha256 ${summary.sha256.slice(0, 16)}…, ${Date.now() - started} ms)`,
  );
  return 0;
})
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`db:backup failed: ${(error as Error).message}`);
    process.exit(2);
  });
