import "server-only";
import { db } from "@/lib/db/prisma";

/**
 * Deletion receipts: totals per day and kind (all of them), and the latest receipts one by one
 * (what kind, how many, which period the deleted records covered, why) — never the content.
 * A failed run is reported by time only; its error stays in the server log and the RetentionRun row.
 */
export async function buildRetentionReport(limit = 500) {
  const [receipts, byDay, lastRun, lastFailure] = await Promise.all([
    db().deletionReceipt.findMany({ orderBy: { createdAt: "desc" }, take: limit }),
    db().$queryRaw<{ day: string; kind: string; receipts: number; count: number }[]>`
      SELECT to_char(date_trunc('day', "createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, kind,
             count(*)::int AS receipts, sum(count)::int AS count
      FROM "DeletionReceipt" GROUP BY 1, 2 ORDER BY 1 DESC, 2 LIMIT 1000`,
    db().retentionRun.findFirst({ where: { status: "succeeded" }, orderBy: { finishedAt: "desc" } }),
    db().retentionRun.findFirst({ where: { status: "failed" }, orderBy: { finishedAt: "desc" } }),
  ]);
  return {
    lastSuccessAt: lastRun?.finishedAt?.toISOString() ?? null,
    lastFailure:
      lastFailure && (!lastRun?.finishedAt || (lastFailure.finishedAt && lastFailure.finishedAt > lastRun.finishedAt))
        ? { at: lastFailure.finishedAt?.toISOString() ?? null }
        : null,
    byDay,
    receipts: receipts.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      kind: r.kind,
      count: r.count,
      periodStart: r.periodStart?.toISOString() ?? null,
      periodEnd: r.periodEnd?.toISOString() ?? null,
      reason: r.reason,
      deploymentId: r.deploymentId,
    })),
  };
}
