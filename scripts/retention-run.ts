/**
 * `npm run retention:run [-- --as-of 2026-12-24T00:00:00Z] [--json]`: deletes what is past its
 * retention period (alerts and their images after 31 days, watchlist snapshots 24 h after their
 * deployment ended, expired watchlist entries, …) and prints the deletion receipts.
 */
import { writeCheckpoint } from "../lib/audit/write-checkpoint";
import { runRetention } from "../lib/retention/run-retention";
import { withCliDatabase } from "../lib/db/cli-database";

const args = process.argv.slice(2);
const asOfArg = args.indexOf("--as-of");
const json = args.includes("--json");

async function main() {
  const now = asOfArg >= 0 ? new Date(args[asOfArg + 1]) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--as-of: "${args[asOfArg + 1]}" is not a date (use ISO 8601).`);
  const result = await runRetention({ now, log: json ? undefined : (l) => console.log(l) });
  await writeCheckpoint().catch((e) => console.error(`checkpoint not written: ${(e as Error).message}`));
  if (json) console.log(JSON.stringify(result));
  else if (!result.receipts.length) console.log(`retention as of ${result.asOf}: nothing was due`);
  else for (const r of result.receipts) console.log(`receipt: ${r.count} ${r.kind} (${r.periodStart ?? "-"} .. ${r.periodEnd ?? "-"}): ${r.reason}`);
}

withCliDatabase(main)
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(`retention failed: ${(error as Error).message}`);
    process.exit(1);
  });
