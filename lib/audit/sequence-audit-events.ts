import "server-only";
import { db, type Db } from "@/lib/db/prisma";
import { GENESIS_HASH, hashEvent } from "./canonical";

/**
 * The chain lock. Only sequencing (and the purge, which must not race it) takes it, never a
 * writer: writers insert unsequenced rows and go on. Must equal the key in purge-audit-events.ts.
 */
export const AUDIT_CHAIN_LOCK = 4_242_001;

const BATCH = 2000;

export interface SequenceResult {
  /** Rows given a sequence number by this call. */
  sequenced: number;
  /** The chain head after this call (seq 0 and the genesis hash when the trail is empty). */
  head: { seq: bigint; hash: string };
}

/**
 * Gives every committed, unsequenced audit record its place in the hash chain: under the chain
 * lock, read the head, take the pending rows this transaction can see (only committed ones: a
 * row whose transaction is still open is invisible and stays pending until a later call, whatever
 * its id), number them after the head in id order, hash them, and write seq, prevHash and hash
 * (the only UPDATE the append-only trigger allows). So the chain order is the order the sequencer
 * observes commits, which need not be insertion order, and nothing is ever skipped: a pending row
 * stays pending until some call sequences it. Safe to call from any process at any time (the lock
 * makes concurrent calls take turns); the elected sequencer calls it on every wake-up, and code
 * that needs the chain complete now (verification, exports, checkpoints, tests) calls it first.
 */
export async function sequenceAuditEvents(client: Db = db(), opts: { maxRows?: number } = {}): Promise<SequenceResult> {
  const max = opts.maxRows ?? Number.POSITIVE_INFINITY;
  let sequenced = 0;
  for (;;) {
    const batch = Math.min(BATCH, max - sequenced);
    const step = await client.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
        const [last] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
          SELECT seq, hash FROM "AuditEvent" WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`;
        let seq = last ? BigInt(last.seq) : 0n;
        let prevHash = last ? last.hash : GENESIS_HASH;
        const pending = batch > 0 ? await tx.auditEvent.findMany({ where: { seq: null }, orderBy: { id: "asc" }, take: batch }) : [];
        if (!pending.length) return { n: 0, head: { seq, hash: prevHash } };
        const ids: string[] = [];
        const seqs: string[] = [];
        const prevs: string[] = [];
        const hashes: string[] = [];
        for (const row of pending) {
          seq++;
          const hash = hashEvent({ ...row, seq, prevHash });
          ids.push(row.id.toString());
          seqs.push(seq.toString());
          prevs.push(prevHash);
          hashes.push(hash);
          prevHash = hash;
        }
        await tx.$executeRaw`
          UPDATE "AuditEvent" AS a SET seq = v.seq, "prevHash" = v.prev, hash = v.hash
          FROM unnest(${ids}::bigint[], ${seqs}::bigint[], ${prevs}::text[], ${hashes}::text[]) AS v(id, seq, prev, hash)
          WHERE a.id = v.id`;
        return { n: pending.length, head: { seq, hash: prevHash } };
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
    sequenced += step.n;
    if (step.n < batch || sequenced >= max) return { sequenced, head: step.head };
  }
}

/** How many committed audit records are still waiting for the sequencer. */
export async function countPendingAuditEvents(client: Db = db()): Promise<number> {
  return client.auditEvent.count({ where: { seq: null } });
}
