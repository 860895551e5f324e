import "server-only";
import { db, TX_OPTIONS, type Db } from "@/lib/db/prisma";
import { recordDeletionReceipt } from "@/lib/retention/record-deletion-receipt";
import { AUDIT_CHAIN_LOCK, sequenceAuditEvents } from "./sequence-audit-events";
import { writeCheckpoint } from "./write-checkpoint";

export interface AuditPurgeResult {
  count: number;
  /** The last purged event; the signed checkpoint at it is the chain's new anchor. */
  upToSeq: bigint | null;
  periodStart: Date | null;
  periodEnd: Date | null;
}

/**
 * Deletes audit events older than `before`, keeping the rest verifiable. In one transaction:
 * take the chain lock (the sequencer waits; writers never take it, and the records they leave
 * pending are never purged); pick the oldest contiguous run of events to go (never the newest event,
 * which the next append links to); sign a checkpoint at the last of them (the anchor the verifier
 * starts from); switch the append-only trigger off, delete, switch it back on (ENABLE ALWAYS);
 * write the deletion receipt and its audit event. Switching a trigger needs table ownership, so
 * this runs as the database role that owns "AuditEvent", never as a role limited to INSERT and
 * SELECT; and because ALTER TABLE is transactional, the trigger is never off outside this
 * transaction. Off by default (AUDIT_RETENTION_DAYS unset: keep the trail forever).
 */
export async function purgeAuditEvents(opts: { before: Date; now?: Date; retentionRunId?: string; client?: Db; limit?: number }): Promise<AuditPurgeResult> {
  const client = opts.client ?? db();
  const now = opts.now ?? new Date();
  // Records committed so far join the chain first, so the period is judged on the whole trail.
  await sequenceAuditEvents(client);
  return client.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
    const [bounds] = await tx.$queryRaw<{ first: bigint | null; head: bigint | null; keep: bigint | null }[]>`
      SELECT min(seq) AS first, max(seq) AS head,
             (SELECT min(seq) FROM "AuditEvent" WHERE "occurredAt" >= ${opts.before}) AS keep
      FROM "AuditEvent"`;
    if (bounds.first === null || bounds.head === null) return { count: 0, upToSeq: null, periodStart: null, periodEnd: null };
    // Everything before the first event still inside the period, never the head, at most `limit` events.
    const candidates = [bounds.keep === null ? bounds.head : bounds.keep - 1n, bounds.head - 1n, bounds.first + BigInt(opts.limit ?? 10_000) - 1n];
    const upTo = candidates.reduce((a, b) => (a < b ? a : b));
    if (upTo < bounds.first) return { count: 0, upToSeq: null, periodStart: null, periodEnd: null };
    const last = await tx.auditEvent.findUniqueOrThrow({ where: { seq: upTo }, select: { seq: true, hash: true } });
    // Found by its seq, so sequenced: seq and hash are set together (the append-only trigger sees to it).
    await writeCheckpoint(now, tx, { seq: last.seq!, hash: last.hash! });
    await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_no_update_delete`);
    const [gone] = await tx.$queryRaw<{ n: bigint; lo: Date | null; hi: Date | null }[]>`
      WITH gone AS (DELETE FROM "AuditEvent" WHERE seq <= ${upTo} RETURNING "occurredAt")
      SELECT count(*) AS n, min("occurredAt") AS lo, max("occurredAt") AS hi FROM gone`;
    await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_no_update_delete`);
    const count = Number(gone.n);
    const reason = `audit events older than ${opts.before.toISOString()} (AUDIT_RETENTION_DAYS); the chain is anchored at a signed checkpoint of event ${upTo}`;
    await recordDeletionReceipt(tx, {
      kind: "audit_event",
      count,
      periodStart: gone.lo,
      periodEnd: gone.hi,
      reason,
      retentionRunId: opts.retentionRunId ?? null,
      now,
      details: { firstSeq: bounds.first.toString(), upToSeq: upTo.toString() },
    });
    return { count, upToSeq: upTo, periodStart: gone.lo, periodEnd: gone.hi };
  }, TX_OPTIONS);
}
