/**
 * `npm run audit:verify`: walks the audit chain from its anchor (genesis, or the signed checkpoint a
 * purge left) and checks the signed checkpoints. Exits 0 with a summary when intact; exits 1 naming
 * the first bad sequence number otherwise (2 when it could not run).
 *
 * `npm run audit:verify -- --file export.json --public-key key.pem` verifies an exported audit
 * trail (or an Article 12 log, or any signed Vigil export) offline with nothing but the public key
 * (GET /api/audit/keys?format=pem): no database, no secret. Without --public-key it uses this
 * install's keys when there are some, otherwise the keys embedded in the file (and says that this
 * only proves integrity against whoever made the file). A CSV export is checked against its
 * detached signature: `--file log.csv --signature log.csv.sig.json --public-key key.pem`.
 */
import { readFile } from "node:fs/promises";
import { checkDetachedSignature, checkExportSignature } from "../lib/audit/export-signature";
import { loadVerifyKeys, verifyKeysFromPem, type VerifyKeys } from "../lib/audit/signing-key";
import { verifyAuditTrail } from "../lib/audit/verify-audit-trail";
import { keysEmbeddedIn, verifyExportFile } from "../lib/audit/verify-export";
import { withCliDatabase } from "../lib/db/cli-database";

const args = process.argv.slice(2);
const fileArg = args.indexOf("--file");
const keyArg = args.indexOf("--public-key");
const sigArg = args.indexOf("--signature");

async function verifyFile(file: string | undefined): Promise<number> {
  if (!file) throw new Error("--file needs a path to an export (GET /api/audit/export?format=json)");
  const text = await readFile(file, "utf8");
  if (sigArg >= 0) return verifyDetached(file, text);
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    console.error(`export BROKEN: not valid JSON (${(error as Error).message}): the file was altered or cut short`);
    return 1;
  }
  let keys: VerifyKeys;
  let requireSignature = false;
  if (keyArg >= 0) {
    const keyFile = args[keyArg + 1];
    if (!keyFile) throw new Error("--public-key needs a path to a PEM public key");
    keys = verifyKeysFromPem(await readFile(keyFile, "utf8"));
    requireSignature = true;
    console.log(`using public key(s) ${[...keys.publicKeys.keys()].join(", ")} from ${keyFile}`);
  } else {
    try {
      keys = loadVerifyKeys(undefined, { create: false });
      console.log(`using this install's public key(s) ${[...keys.publicKeys.keys()].join(", ")}`);
    } catch {
      keys = keysEmbeddedIn(data);
      console.log(
        "note: no --public-key given: checking against the keys embedded in the file, which proves the file is intact but not who made it; compare them with GET /api/audit/keys",
      );
    }
  }
  if (data && Array.isArray(data.events) && data.anchor) {
    const verdict = verifyExportFile(data, keys, { requireSignature });
    if (!verdict.ok) {
      console.error(`audit export BROKEN${verdict.badSeq ? ` at event ${verdict.badSeq}` : ""}: ${verdict.reason}`);
      return 1;
    }
    console.log(`audit export intact: ${verdict.summary}`);
    for (const w of verdict.warnings) console.log(`note: ${w}`);
    return 0;
  }
  // Any other signed Vigil export (the Article 12 log): the signature covers every field and record.
  const verdict = checkExportSignature(data, keys);
  if (verdict.status !== "valid") {
    console.error(`export BROKEN: ${verdict.reason}`);
    return 1;
  }
  console.log(`export intact: ${data.format ?? "signed export"}, signed by ${verdict.keyId}`);
  return 0;
}

/** A CSV export and its detached signature (`--signature file.sig.json`), checked with the public key. */
async function verifyDetached(file: string, text: string): Promise<number> {
  const sigFile = args[sigArg + 1];
  if (!sigFile || keyArg < 0 || !args[keyArg + 1]) throw new Error("--signature needs a signature file, and --public-key a PEM public key");
  const keys = verifyKeysFromPem(await readFile(args[keyArg + 1], "utf8"));
  const verdict = checkDetachedSignature(Buffer.from(text, "utf8"), JSON.parse(await readFile(sigFile, "utf8")), keys);
  if (verdict.status !== "valid") {
    console.error(`export BROKEN: ${verdict.reason}`);
    return 1;
  }
  console.log(`export intact: ${file} signed by ${verdict.keyId}`);
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
