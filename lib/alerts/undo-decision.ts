import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict } from "@/lib/http/api-error";
import { UNDO_SECONDS } from "@/lib/live/live-schemas";
import { publishDeploymentChanged } from "@/lib/live/publish-deployment-changed";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import { lockAlert } from "./adjudicate-alert";
import { alertViewInclude, toAlertView } from "./alert-view";

const omitImage = { probeJpeg: true } as const;

/**
 * Undoes the latest decision in force on an alert (confirm, reject or outcome), if the caller made
 * it less than UNDO_SECONDS ago. The decision is not deleted: it is marked undone, and an
 * `alert.undo` audit event is appended, so the trail shows the decision and its undo. The alert's
 * status is recomputed from the decisions still in force (e.g. an undone second confirmation
 * returns it to "awaiting second"). Undoing the confirmation that passed the deployment's
 * self-test reverts selfTestPassedAt (unless another confirmed test alert still stands), and is
 * refused once the deployment has gone live on it.
 */
export async function undoDecision(alertId: string, user: CurrentUser, requestId: string, now = new Date()) {
  return db().$transaction(async (tx) => {
    const deploymentId = await lockAlert(tx, alertId);
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    const inForce = alert.adjudications.filter((j) => !j.undoneAt);
    const last = inForce[inForce.length - 1];
    if (!last) throw conflict("There is no decision on this alert to undo.");
    if (last.userId !== user.id) {
      throw conflict(`The latest decision on this alert was made by ${last.userName ?? "another operator"}; only they can undo it.`);
    }
    const ageMs = now.getTime() - last.createdAt.getTime();
    if (ageMs > UNDO_SECONDS * 1000) {
      throw conflict(
        `The ${last.decision.toLowerCase()} decision was made ${Math.round(ageMs / 1000)} s ago; decisions can be undone only within ${UNDO_SECONDS} s, so it is final.`,
      );
    }
    const remaining = inForce.slice(0, -1);
    const decisions = remaining.filter((j) => j.decision !== "OUTCOME");
    const confirms = decisions.filter((j) => j.decision === "CONFIRM").length;
    let status: "PENDING" | "AWAITING_SECOND" | "CONFIRMED" | "REJECTED";
    if (decisions.some((j) => j.decision === "REJECT")) status = "REJECTED";
    else if (confirms === 0) status = "PENDING";
    else if (alert.deployment.requireSecondConfirmation && confirms < 2) status = "AWAITING_SECOND";
    else status = "CONFIRMED";
    const decided = status === "CONFIRMED" || status === "REJECTED";
    const outcome = remaining.filter((j) => j.decision === "OUTCOME" && j.outcome).at(-1)?.outcome ?? null;
    const isTest = Boolean(alert.entry?.isTestSubject) || remaining.some((j) => j.isTest);

    // The self-test: did this confirmation pass it, and does anything else still pass it?
    let selfTestUndone = false;
    if (last.decision === "CONFIRM" && alert.status === "CONFIRMED" && alert.isTest && alert.entry?.isTestSubject && status !== "CONFIRMED") {
      const d = await tx.deployment.findUniqueOrThrow({ where: { id: deploymentId }, select: { status: true, selfTestPassedAt: true } });
      if (d.selfTestPassedAt) {
        const others = await tx.alert.count({
          where: { deploymentId, id: { not: alertId }, status: "CONFIRMED", isTest: true, entry: { isTestSubject: true } },
        });
        if (others === 0) {
          if (d.status !== "AUTHORISED") {
            throw conflict(`The deployment is ${d.status.toLowerCase()} on the strength of this self-test confirmation; it can no longer be undone.`);
          }
          await tx.deployment.update({ where: { id: deploymentId }, data: { selfTestPassedAt: null } });
          selfTestUndone = true;
        }
      }
    }

    await tx.adjudication.update({ where: { id: last.id }, data: { undoneAt: now } });
    await tx.alert.update({
      where: { id: alertId },
      data: { status, outcome, isTest, decidedAt: decided ? alert.decidedAt : null },
    });
    const updated = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    const view = toAlertView(updated, now);
    await publishLiveEvent(tx, { type: "alert.updated", deploymentId, payload: view });
    if (selfTestUndone) await publishDeploymentChanged(tx, deploymentId, "self-test-undone", now);
    await recordAuditEvent(tx, {
      actor: user,
      action: "alert.undo",
      targetType: "alert",
      targetId: alertId,
      deploymentId,
      details: {
        undone: last.id,
        decision: last.decision,
        reason: last.reason ?? undefined,
        outcome: last.outcome ?? undefined,
        decidedAt: last.createdAt.toISOString(),
        secondsAfter: Math.round(ageMs / 100) / 10,
        from: alert.status,
        to: status,
        selfTestUndone: selfTestUndone || undefined,
      },
      requestId,
    });
    return view;
  }, TX_OPTIONS);
}
