import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { publishDeploymentChanged } from "@/lib/live/publish-deployment-changed";

export const AUTO_CLOSE_REPORT = "Closed automatically at the end of its authorised window.";

/**
 * A live deployment past its window stops by itself: closed (closedAt = now, the moment it is
 * stopped, from which retention counts), audited as the system. Re-checked row by row
 * inside its own transaction, so concurrent callers (page reads, the scheduler) close each once.
 * Called lazily whenever deployments are read, and by the server's maintenance scheduler.
 */
export async function closeExpiredDeployments(now = new Date()): Promise<number> {
  const due = await db().deployment.findMany({ where: { status: "LIVE", plannedEnd: { lt: now } }, select: { id: true, plannedEnd: true } });
  let closed = 0;
  for (const { id, plannedEnd } of due) {
    await db().$transaction(async (tx) => {
      const res = await tx.deployment.updateMany({
        where: { id, status: "LIVE", plannedEnd: { lt: now } },
        data: { status: "CLOSED", closedAt: now, closureReport: AUTO_CLOSE_REPORT },
      });
      if (!res.count) return;
      closed++;
      await publishDeploymentChanged(tx, id, "window-ended", now);
      await recordAuditEvent(tx, {
        actor: null,
        action: "deployment.auto_close",
        targetType: "deployment",
        targetId: id,
        deploymentId: id,
        details: { from: "LIVE", to: "CLOSED", reason: "authorised window ended", windowEnd: plannedEnd.toISOString() },
      });
    }, TX_OPTIONS);
  }
  return closed;
}
