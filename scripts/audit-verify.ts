/**
 * `npm run audit:verify`: walks the audit chain from genesis and checks the signed checkpoints.
 * Exits 0 with a summary when intact; exits 1 naming the first bad sequence number otherwise.
 * `--file export.json` verifies an exported audit trail offline instead of the database.
 */
import { readFile } from "node:fs/promises";
import { verifyAuditTrail } from "../lib/audit/verify-audit-trail";
import { verifyChain, type ChainRow } from "../lib/audit/verify-chain";

const args = process.argv.slice(2);
const fileArg = args.indexOf("--file");

function revive(e: Record<string, unknown>): ChainRow {
  return { ...(e as unknown as ChainRow), seq: BigInt(e.seq as string), occurredAt: new Date(e.occurredAt as string) };
}

async function main(): Promise<number> {
  if (fileArg >= 0) {
    const data = JSON.parse(await readFile(args[fileArg + 1], "utf8"));
    const anchor = { seq: BigInt(data.anchor.seq), hash: data.anchor.hash };
    const checkpoints = (data.checkpoints ?? []).map((c: { seq: string; hash: string }) => ({ seq: BigInt(c.seq), hash: c.hash }));
    const result = verifyChain((data.events as Record<string, unknown>[]).map(revive), anchor, checkpoints);
    if (!result.ok) {
      console.error(`audit export BROKEN at event ${result.badSeq}: ${result.reason}`);
      return 1;
    }
    console.log(`audit export intact: ${result.events} events from ${anchor.seq + 1n}, head ${result.headHash.slice(0, 16)}…`);
    return 0;
  }
  const report = await verifyAuditTrail();
  const { chain, checkpoints } = report;
  if (!chain.ok) {
    console.error(`audit trail BROKEN at event ${chain.badSeq}: ${chain.reason} (${chain.events} events verified before it)`);
    return 1;
  }
  if (checkpoints.problems.length) {
    for (const p of checkpoints.problems) console.error(`checkpoint problem: ${p}`);
    return 1;
  }
  console.log(
    `audit trail intact: ${chain.events} events (seq ${chain.firstSeq ?? "-"}..${chain.lastSeq ?? "-"}), ` +
      `${checkpoints.checked} signed checkpoint(s) valid, verified in ${report.ms} ms`,
  );
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`audit:verify failed: ${(error as Error).message}`);
    process.exit(2);
  });
