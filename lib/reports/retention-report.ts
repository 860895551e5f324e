import "server-only";
import { db } from "@/lib/db/prisma";

/** Deletion receipts, newest first: what kind, how many, which period, why. */
export async function buildRetentionReport(limit = 500) {
  const [receipts, lastRun] = await Promise.all([
    db().deletionReceipt.findMany({ orderBy: { createdAt: "desc" }, take: limit }),
    db().retentionRun.findFirst({ where: { status: "succeeded" }, orderBy: { finishedAt: "desc" } }),
  ]);
  return {
    lastSuccessAt: lastRun?.finishedAt?.toISOString() ?? null,
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
