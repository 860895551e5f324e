import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import { alertViewInclude, toAlertView } from "./alert-view";

/** Marks alerts still undecided after their deployment's adjudication window, once each. */
export async function flagOverdueAlerts(now = new Date()): Promise<number> {
  const due = await db().$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Alert" a JOIN "Deployment" d ON d.id = a."deploymentId"
    WHERE a.status IN ('PENDING', 'AWAITING_SECOND') AND a."overdueAt" IS NULL
      AND a."receivedAt" < ${now}::timestamptz - make_interval(mins => d."adjudicationSlaMinutes")
    LIMIT 200`;
  for (const { id } of due) {
    await db().$transaction(async (tx) => {
      const flagged = await tx.alert.updateMany({ where: { id, overdueAt: null }, data: { overdueAt: now } });
      if (!flagged.count) return;
      const alert = await tx.alert.findUniqueOrThrow({ where: { id }, include: alertViewInclude, omit: { probeJpeg: true } });
      await publishLiveEvent(tx, { type: "alert.updated", deploymentId: alert.deploymentId, payload: toAlertView(alert, now) });
      await recordAuditEvent(tx, {
        actor: null,
        action: "alert.flag_overdue",
        targetType: "alert",
        targetId: id,
        deploymentId: alert.deploymentId,
        details: { slaMinutes: alert.deployment.adjudicationSlaMinutes },
      });
    }, TX_OPTIONS);
  }
  return due.length;
}
