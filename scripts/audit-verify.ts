/**
 * `npm run audit:verify`: walks the audit chain from its anchor (genesis, or the signed checkpoint a
 * purge left) and checks the signed checkpoints. Exits 0 with a summary when intact; exits 1 naming
 * the first bad sequence number otherwise (2 when it could not run).
 * `npm run audit:verify -- --file export.json` verifies an exported audit trail offline instead,
 * checking checkpoint signatures when AUDIT_SIGNING_KEY (or this install's local key) is available.
 */
import { readFile } from "node:fs/promises";
import { loadSigningKey } from "../lib/audit/signing-key";
import { verifyAuditTrail } from "../lib/audit/verify-audit-trail";
import { verifyExportFile } from "../lib/audit/verify-export";
import { withCliDatabase } from "../lib/db/cli-database";

const args = process.argv.slice(2);
const fileArg = args.indexOf("--file");

async function verifyFile(file: string): Promise<number> {
  if (!file) throw new Error("--file needs a path to an export (GET /api/audit/export?format=json)");
  const data = JSON.parse(await readFile(file, "utf8"));
  let key = null;
  try {
    key = loadSigningKey(process.env, { create: false });
  } catch {
    key = null;
  }
  const verdict = verifyExportFile(data, key);
  if (!verdict.ok) {
    console.error(`audit export BROKEN at event ${verdict.badSeq ?? "?"}: ${verdict.reason}`);
    return 1;
  }
  console.log(`audit export intact: ${verdict.summary}`);
  for (const w of verdict.warnings) console.log(`note: ${w}`);
  return 0;
}

async function main(): Promise<number> {
  if (fileArg >= 0) return verifyFile(args[fileArg + 1]);
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
  const from = report.anchor.signed ? ` from a signed anchor at event ${report.anchor.seq}` : " from genesis";
  console.log(
    `audit trail intact: ${chain.events} events (seq ${chain.firstSeq ?? "-"}..${chain.lastSeq ?? "-"})${from}, ` +
      `${checkpoints.checked} signed checkpoint(s) valid, verified in ${report.ms} ms`,
  );
  return 0;
}

(fileArg >= 0 ? main() : withCliDatabase(main))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`audit:verify failed: ${(error as Error).message}`);
    process.exit(2);
  });
