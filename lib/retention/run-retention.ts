import "server-only";
import { purgeAuditEvents } from "@/lib/audit/purge-audit-events";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { recordDeletionReceipt } from "./record-deletion-receipt";
import { policyFromEnv, type RetentionPolicy } from "./retention-policy";

export interface RetentionOptions {
  /** The clock: everything older than its periods, measured from here, goes. */
  now?: Date;
  policy?: RetentionPolicy;
  batchSize?: number;
  log?: (line: string) => void;
}

export interface ReceiptSummary {
  kind: string;
  count: number;
  periodStart: string | null;
  periodEnd: string | null;
  reason: string;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface Kind {
  kind: string;
  reason: (p: RetentionPolicy) => string;
  /** Deletes (or destroys) at most `limit` due rows, re-checking the condition; returns what went. */
  purge: (tx: Tx, now: Date, p: RetentionPolicy, limit: number) => Promise<{ count: number; min: Date | null; max: Date | null; deploymentId?: string | null }>;
}

type Span = { n: bigint | number; lo: Date | null; hi: Date | null }[];
const span = (rows: Span) => ({ count: Number(rows[0]?.n ?? 0), min: rows[0]?.lo ?? null, max: rows[0]?.hi ?? null });

/**
 * Every kind of data with a retention period. Deletions lock their rows (SKIP LOCKED, so two
 * runs never fight), re-check the period inside the statement, and report the period covered.
 */
const KINDS: Kind[] = [
  {
    kind: "alert",
    reason: (p) => `alert records and probe images older than ${p.alertDays} days, with their copies in the live-feed replay log`,
    purge: async (tx, now, p, limit) => {
      const cutoff = new Date(now.getTime() - p.alertDays * DAY);
      // Every copy goes with the alert: the live-event payloads (alert summaries with the subject
      // reference) that a reconnecting browser would otherwise be replayed. Same statement, same
      // transaction. Exports and reports read the Alert table, so they lose it at once.
      return span(
        await tx.$queryRaw<Span>`
        WITH due AS (SELECT id FROM "Alert" WHERE "capturedAt" < ${cutoff} ORDER BY "capturedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED),
             gone AS (DELETE FROM "Alert" a USING due WHERE a.id = due.id AND a."capturedAt" < ${cutoff} RETURNING a.id, a."capturedAt"),
             copies AS (DELETE FROM "LiveEvent" l USING gone WHERE l.type LIKE 'alert.%' AND l.payload->>'id' = gone.id::text RETURNING l.seq)
        SELECT count(*) AS n, min("capturedAt") AS lo, max("capturedAt") AS hi, (SELECT count(*) FROM copies) AS copies FROM gone`,
      );
    },
  },
  {
    kind: "watchlist_snapshot",
    reason: (p) => `watchlist snapshots (every packed chunk of entries and embeddings) ${p.snapshotHours} h after their deployment ended`,
    purge: async (tx, now, p, limit) => {
      const cutoff = new Date(now.getTime() - p.snapshotHours * HOUR);
      return span(
        await tx.$queryRaw<Span>`
        WITH due AS (
          SELECT s.id FROM "WatchlistSnapshot" s JOIN "Deployment" d ON d.id = s."deploymentId"
          WHERE (s.payload IS NOT NULL OR (s.format >= 2 AND s."destroyedAt" IS NULL)) AND COALESCE(d."closedAt", d."cancelledAt") < ${cutoff}
          LIMIT ${limit} FOR UPDATE OF s SKIP LOCKED),
        gone AS (UPDATE "WatchlistSnapshot" s SET payload = NULL, "destroyedAt" = ${now} FROM due WHERE s.id = due.id RETURNING s.id, s."createdAt"),
        chunks AS (DELETE FROM "WatchlistSnapshotChunk" c USING gone WHERE c."snapshotId" = gone.id RETURNING 1)
        SELECT count(*) AS n, min("createdAt") AS lo, max("createdAt") AS hi, (SELECT count(*) FROM chunks) AS copies FROM gone`,
      );
    },
  },
  {
    kind: "watchlist_entry",
    reason: () => "watchlist entries (with their photos and embeddings) past their expiry",
    purge: async (tx, now, _p, limit) =>
      span(
        await tx.$queryRaw<Span>`
        WITH due AS (SELECT id FROM "WatchlistEntry" WHERE "expiresAt" <= ${now} LIMIT ${limit} FOR UPDATE SKIP LOCKED),
             gone AS (DELETE FROM "WatchlistEntry" e USING due WHERE e.id = due.id AND e."expiresAt" <= ${now} RETURNING e."expiresAt")
        SELECT count(*) AS n, min("expiresAt") AS lo, max("expiresAt") AS hi FROM gone`,
      ),
  },
  {
    kind: "live_event",
    reason: (p) => `live-feed replay events older than ${p.liveEventHours} h`,
    purge: async (tx, now, p, limit) => {
      const cutoff = new Date(now.getTime() - p.liveEventHours * HOUR);
      return span(
        await tx.$queryRaw<Span>`
        WITH due AS (SELECT seq FROM "LiveEvent" WHERE "createdAt" < ${cutoff} ORDER BY seq LIMIT ${limit} FOR UPDATE SKIP LOCKED),
             gone AS (DELETE FROM "LiveEvent" l USING due WHERE l.seq = due.seq AND l."createdAt" < ${cutoff} RETURNING l."createdAt")
        SELECT count(*) AS n, min("createdAt") AS lo, max("createdAt") AS hi FROM gone`,
      );
    },
  },
  {
    kind: "rtc_session",
    reason: (p) => `camera signalling records older than ${p.rtcSessionHours} h`,
    purge: async (tx, now, p, limit) => {
      const cutoff = new Date(now.getTime() - p.rtcSessionHours * HOUR);
      return span(
        await tx.$queryRaw<Span>`
        WITH due AS (SELECT id FROM "RtcSession" WHERE "createdAt" < ${cutoff} LIMIT ${limit} FOR UPDATE SKIP LOCKED),
             gone AS (DELETE FROM "RtcSession" r USING due WHERE r.id = due.id AND r."createdAt" < ${cutoff} RETURNING r."createdAt")
        SELECT count(*) AS n, min("createdAt") AS lo, max("createdAt") AS hi FROM gone`,
      );
    },
  },
  {
    kind: "user_session",
    reason: (p) => `ended sign-in sessions older than ${p.endedSessionDays} days`,
    purge: async (tx, now, p, limit) => {
      const cutoff = new Date(now.getTime() - p.endedSessionDays * DAY);
      return span(
        await tx.$queryRaw<Span>`
        WITH due AS (SELECT id FROM "UserSession" WHERE "lastSeenAt" < ${cutoff} LIMIT ${limit} FOR UPDATE SKIP LOCKED),
             gone AS (DELETE FROM "UserSession" u USING due WHERE u.id = due.id AND u."lastSeenAt" < ${cutoff} RETURNING u."createdAt")
        SELECT count(*) AS n, min("createdAt") AS lo, max("createdAt") AS hi FROM gone`,
      );
    },
  },
];

/**
 * The retention job. Works in batches; each batch deletes, writes its deletion receipt (kind,
 * count, period — never the deleted content) and the receipt's audit event in one transaction,
 * so there is never a deletion without its record or a record without its deletion.
 */
export async function runRetention(options: RetentionOptions = {}) {
  const now = options.now ?? new Date();
  const policy = options.policy ?? policyFromEnv();
  const limit = options.batchSize ?? 500;
  const log = options.log ?? (() => {});
  const run = await db().retentionRun.create({ data: { asOf: now, status: "running" } });
  const receipts: ReceiptSummary[] = [];
  try {
    for (const kind of KINDS) {
      for (;;) {
        const batch = await db().$transaction(async (tx) => {
          const gone = await kind.purge(tx, now, policy, limit);
          if (gone.count === 0) return gone;
          await recordDeletionReceipt(tx, {
            kind: kind.kind,
            count: gone.count,
            periodStart: gone.min,
            periodEnd: gone.max,
            reason: kind.reason(policy),
            retentionRunId: run.id,
            now,
          });
          return gone;
        }, TX_OPTIONS);
        if (batch.count === 0) break;
        receipts.push({
          kind: kind.kind,
          count: batch.count,
          periodStart: batch.min?.toISOString() ?? null,
          periodEnd: batch.max?.toISOString() ?? null,
          reason: kind.reason(policy),
        });
        log(`retention: deleted ${batch.count} ${kind.kind} record(s)`);
        if (batch.count < limit) break;
      }
    }
    if (policy.auditDays) {
      const before = new Date(now.getTime() - policy.auditDays * DAY);
      for (;;) {
        const purged = await purgeAuditEvents({ before, now, retentionRunId: run.id, limit: 10_000 });
        if (purged.count === 0) break;
        receipts.push({
          kind: "audit_event",
          count: purged.count,
          periodStart: purged.periodStart?.toISOString() ?? null,
          periodEnd: purged.periodEnd?.toISOString() ?? null,
          reason: `audit events older than ${policy.auditDays} days, anchored at a signed checkpoint of event ${purged.upToSeq}`,
        });
        log(`retention: deleted ${purged.count} audit event(s) up to ${purged.upToSeq}`);
        if (purged.count < 10_000) break;
      }
    }
    await db().retentionRun.update({ where: { id: run.id }, data: { status: "succeeded", finishedAt: new Date() } });
    return { runId: run.id, asOf: now.toISOString(), receipts };
  } catch (error) {
    await db()
      .retentionRun.update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date(), error: (error as Error).message.slice(0, 500) } })
      .catch(() => {});
    throw error;
  }
}
