import "server-only";
import { db, type Db } from "@/lib/db/prisma";
import { checkCheckpointSignature } from "./checkpoint-signature";
import { loadVerifyKeys, type VerifyKeys } from "./signing-key";
import { sequenceAuditEvents } from "./sequence-audit-events";
import { ChainVerifier, GENESIS_ANCHOR, sequencedRow, type ChainAnchor, type VerifyResult } from "./verify-chain";

const BATCH = 5000;

export interface TrailReport {
  chain: VerifyResult;
  /** Where the walk started: genesis (seq 0), or the signed checkpoint a purge of old events left. */
  anchor: { seq: string; signed: boolean };
  checkpoints: { checked: number; latest: { seq: string; createdAt: string } | null; problems: string[] };
  /** Records committed after the walk began, still waiting for the sequencer (not yet in the chain). */
  pending: number;
  ms: number;
}

/**
 * Verifies the audit trail in the database: every event in sequence from its anchor (genesis, or,
 * when old events were purged, a checkpoint at the last purged event whose signature is valid), then
 * every signed checkpoint (Ed25519 signature valid for one of this install's public keys, or a
 * legacy HMAC one valid for its secret, and the event at its sequence still has its hash, so the
 * newest events cannot have been silently dropped either).
 */
export async function verifyAuditTrail(client: Db = db()): Promise<TrailReport> {
  const started = Date.now();
  // Records committed so far join the chain first, so the walk covers them.
  await sequenceAuditEvents(client);
  const checkpoints = await client.auditCheckpoint.findMany({ orderBy: [{ seq: "asc" }, { createdAt: "asc" }] });
  let key: VerifyKeys | null = null;
  const problems: string[] = [];
  try {
    key = loadVerifyKeys();
  } catch (error) {
    if (checkpoints.length) problems.push(`cannot check checkpoint signatures: ${(error as Error).message}`);
  }
  const valid = (c: (typeof checkpoints)[number]) => key !== null && checkCheckpointSignature(c, key).status === "valid";

  const firstRow = await client.auditEvent.findFirst({ where: { seq: { not: null } }, orderBy: { seq: "asc" }, select: { seq: true } });
  const first = firstRow ? { seq: firstRow.seq! } : null;
  let anchor: ChainAnchor = GENESIS_ANCHOR;
  let anchorSigned = false;
  let verifier: ChainVerifier;
  if (first && first.seq > 1n) {
    const signed = checkpoints.find((c) => c.seq === first.seq - 1n && valid(c));
    if (!signed) {
      verifier = new ChainVerifier(GENESIS_ANCHOR);
      verifier.failure = {
        badSeq: 1n,
        reason: `events 1..${first.seq - 1n} are missing and no validly signed checkpoint at event ${first.seq - 1n} anchors the rest of the chain`,
      };
    } else {
      anchor = { seq: signed.seq, hash: signed.hash };
      anchorSigned = true;
      verifier = new ChainVerifier(anchor);
    }
  } else {
    verifier = new ChainVerifier(GENESIS_ANCHOR);
  }

  let after = anchor.seq;
  while (!verifier.failure) {
    const rows = await client.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) if (!verifier.push(sequencedRow(row))) break;
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1].seq!;
  }
  // Checkpoints below the anchor cover purged events: nothing is left to compare them with.
  verifier.checkAgainst(checkpoints.filter((c) => c.seq > anchor.seq));
  const chain = verifier.result();
  for (const c of checkpoints) {
    if (!key) break;
    const verdict = checkCheckpointSignature(c, key);
    if (verdict.status !== "valid") problems.push(verdict.reason);
  }
  const latest = checkpoints.at(-1);
  const pending = await client.auditEvent.count({ where: { seq: null } });
  return {
    chain,
    anchor: { seq: anchor.seq.toString(), signed: anchorSigned },
    checkpoints: {
      checked: checkpoints.length,
      latest: latest ? { seq: latest.seq.toString(), createdAt: latest.createdAt.toISOString() } : null,
      problems,
    },
    pending,
    ms: Date.now() - started,
  };
}
