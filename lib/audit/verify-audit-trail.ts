import "server-only";
import { db } from "@/lib/db/prisma";
import { checkpointMessage, checkpointSignatureValid } from "./checkpoint-signature";
import { loadSigningKey } from "./signing-key";
import { ChainVerifier, GENESIS_ANCHOR, type VerifyResult } from "./verify-chain";

const BATCH = 5000;

export interface TrailReport {
  chain: VerifyResult;
  checkpoints: { checked: number; latest: { seq: string; createdAt: string } | null; problems: string[] };
  ms: number;
}

/**
 * Verifies the audit trail in the database: every event from genesis in sequence, then every
 * signed checkpoint (signature valid, and the event at its sequence still has its hash, so the
 * newest events cannot have been silently dropped either).
 */
export async function verifyAuditTrail(): Promise<TrailReport> {
  const started = Date.now();
  const verifier = new ChainVerifier(GENESIS_ANCHOR);
  let after = 0n;
  for (;;) {
    const rows = await db().auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) if (!verifier.push(row)) break;
    if (verifier.failure || rows.length < BATCH) break;
    after = rows[rows.length - 1].seq;
  }
  const problems: string[] = [];
  const checkpoints = await db().auditCheckpoint.findMany({ orderBy: { seq: "asc" } });
  verifier.checkAgainst(checkpoints);
  const chain = verifier.result();
  let key: ReturnType<typeof loadSigningKey> | null = null;
  try {
    key = loadSigningKey();
  } catch (error) {
    if (checkpoints.length) problems.push(`cannot check checkpoint signatures: ${(error as Error).message}`);
  }
  for (const c of checkpoints) {
    if (key && c.keyId === key.id && !checkpointSignatureValid(checkpointMessage(c), c.signature, key.secret)) {
      problems.push(`checkpoint at event ${c.seq} has an invalid signature`);
    } else if (key && c.keyId !== key.id) {
      problems.push(`checkpoint at event ${c.seq} was signed with key "${c.keyId}", not the configured "${key.id}"`);
    }
  }
  const latest = checkpoints.at(-1);
  return {
    chain,
    checkpoints: {
      checked: checkpoints.length,
      latest: latest ? { seq: latest.seq.toString(), createdAt: latest.createdAt.toISOString() } : null,
      problems,
    },
    ms: Date.now() - started,
  };
}
