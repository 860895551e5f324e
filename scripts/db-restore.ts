/**
 * `npm run db:restore -- <file> (--database-url <url> | --database <name>)`: restores a backup made by
 * `npm run db:backup` into a NEW, EMPTY database, then verifies its audit chain (exit 1 if broken).
 * `--database <name>` creates that database on the embedded Postgres (or on DATABASE_URL's server).
 */
import { restoreDatabase } from "../lib/db/backup";
import { withCliDatabase } from "../lib/db/cli-database";
import { ensureDatabase } from "../lib/db/embedded";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));

async function targetUrl(): Promise<string> {
  const explicit = flag("--database-url");
  if (explicit) return explicit;
  const name = flag("--database");
  if (!name || !/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error("name the target: --database-url <url> or --database <new_name> (lower case, digits, _)");
  const server = new URL(process.env.DATABASE_URL!);
  server.pathname = "/postgres";
  await ensureDatabase(server.toString(), name);
  const target = new URL(process.env.DATABASE_URL!);
  target.pathname = `/${name}`;
  return target.toString();
}

withCliDatabase(async () => {
  if (!file) throw new Error("usage: npm run db:restore -- <backup file> (--database-url <url> | --database <name>)");
  const url = await targetUrl();
  const started = Date.now();
  const summary = await restoreDatabase(url, file);
  const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
  console.log(`restored ${rows} rows in ${Object.keys(summary.tables).length} tables (${summary.migrations} migrations) in ${Date.now() - started} ms`);
  const { createPrismaClient } = await import("../lib/db/prisma");
  const { verifyAuditTrail } = await import("../lib/audit/verify-audit-trail");
  const client = createPrismaClient(url);
  try {
    const report = await verifyAuditTrail(client);
    if (!report.chain.ok) {
      console.error(`restored audit trail BROKEN at event ${report.chain.badSeq}: ${report.chain.reason}`);
      return 1;
    }
    if (report.checkpoints.problems.length) {
      console.error(`restored audit checkpoints BROKEN: ${report.checkpoints.problems.join("; ")}`);
      return 1;
    }
    console.log(`restored audit trail intact: ${report.chain.events} events, ${report.checkpoints.checked} signed checkpoint(s) valid`);
    return 0;
  } finally {
    await client.$disconnect();
  }
})
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`db:restore failed: ${(error as Error).message}`);
    process.exit(2);
  });
