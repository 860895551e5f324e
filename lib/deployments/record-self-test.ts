import "server-only";
import { stepAuditAction } from "./deployment-steps";
import { alertViewInclude, toAlertView } from "@/lib/alerts/alert-view";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { ApiError, conflict, notFound } from "@/lib/http/api-error";
import { publishDeploymentChanged } from "@/lib/live/publish-deployment-changed";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import { readSnapshotEntries, SNAPSHOT_ROW_SELECT } from "./read-snapshot-chunks";
import { decide } from "./state-machine";

/**
 * The pre-go-live self-test: an operator marks an alert raised by a blue-list volunteer walking
 * past a camera as a test. The alert must belong to this deployment and be for a test subject in
 * its frozen watchlist snapshot; it is counted apart from real alerts (isTest) and, if still open,
 * confirmed as a test. The deployment records when its self-test passed. One transaction, audited.
 */
export async function recordSelfTest(deploymentId: string, alertId: string, user: CurrentUser, requestId: string, now = new Date()) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Deployment" WHERE id = ${deploymentId}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Deployment");
    const d = await tx.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    const decision = decide("record-self-test", d, user, now);
    if (!decision.ok) throw new ApiError(decision.status, decision.status === 403 ? "forbidden" : "conflict", decision.message, { status: d.status });
    const [alertLocked] = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM "Alert" WHERE id = ${alertId}::uuid AND "deploymentId" = ${deploymentId}::uuid FOR UPDATE`;
    if (!alertLocked) throw notFound("Alert");
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, omit: { probeJpeg: true } });
    const snapshot = await tx.watchlistSnapshot.findFirst({
      where: { deploymentId, destroyedAt: null },
      orderBy: { createdAt: "desc" },
      select: SNAPSHOT_ROW_SELECT,
    });
    if (!snapshot || (snapshot.format < 2 && !snapshot.payload)) throw conflict("The deployment is authorised but has no watchlist snapshot to test against.");
    const entry = (await readSnapshotEntries(tx, snapshot, "blue")).entries.find((e) => e.id === alert.entryId);
    if (!entry?.isTestSubject) {
      throw conflict(
        `Alert for ${alert.subjectReference} is not for a blue-list test subject of this deployment's watchlist snapshot; it cannot pass the self-test.`,
      );
    }
    if (alert.status === "REJECTED")
      throw conflict("This alert was rejected by an operator; a rejected alert cannot pass the self-test. Walk the volunteer past again.");
    const open = alert.status === "PENDING" || alert.status === "AWAITING_SECOND";
    if (open) {
      await tx.adjudication.create({
        data: {
          alertId,
          userId: user.id,
          userName: user.name,
          decision: "CONFIRM",
          isTest: true,
          note: "Self-test: blue-list volunteer recognised.",
          createdAt: now,
        },
      });
    }
    await tx.alert.update({ where: { id: alertId }, data: { isTest: true, ...(open ? { status: "CONFIRMED", decidedAt: now } : {}) } });
    const updated = await tx.deployment.update({ where: { id: deploymentId }, data: { selfTestPassedAt: d.selfTestPassedAt ?? now } });
    const view = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: { probeJpeg: true } });
    await publishLiveEvent(tx, { type: "alert.updated", deploymentId, payload: toAlertView(view, now) });
    if (!d.selfTestPassedAt) await publishDeploymentChanged(tx, deploymentId, "self-test-passed", now);
    await recordAuditEvent(tx, {
      actor: user,
      action: stepAuditAction("record-self-test"),
      targetType: "deployment",
      targetId: deploymentId,
      deploymentId,
      details: {
        alert: alertId,
        subjectReference: alert.subjectReference,
        similarity: alert.similarity,
        snapshot: snapshot.id,
        firstPass: !d.selfTestPassedAt,
      },
      requestId,
    });
    return updated;
  }, TX_OPTIONS);
}
