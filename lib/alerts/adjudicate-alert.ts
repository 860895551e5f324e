import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { badRequest, conflict, notFound } from "@/lib/http/api-error";
import { OUTCOME_LABELS, outcomesFor, type AdjudicateRequest, type OutcomeRequest } from "@/lib/live/live-schemas";
import { publishDeploymentChanged } from "@/lib/live/publish-deployment-changed";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import { alertViewInclude, toAlertView } from "./alert-view";

const omitImage = { probeJpeg: true } as const;

/**
 * Locks an alert's deployment row, then the alert row (always in this order, like the self-test
 * and undo, so two of them never deadlock), and returns the deployment id.
 */
export async function lockAlert(tx: Tx, alertId: string): Promise<string> {
  const [row] = await tx.$queryRaw<{ deploymentId: string }[]>`SELECT "deploymentId" FROM "Alert" WHERE id = ${alertId}::uuid`;
  if (!row) throw notFound("Alert");
  await tx.$queryRaw`SELECT id FROM "Deployment" WHERE id = ${row.deploymentId}::uuid FOR UPDATE`;
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Alert" WHERE id = ${alertId}::uuid FOR UPDATE`;
  if (!locked) throw notFound("Alert");
  return row.deploymentId;
}

/**
 * A person's judgement of an alert. Reject ends it (with a reason from a short list); confirm ends
 * it, unless the deployment requires a second, different operator, in which case the first
 * confirmation waits for one. Self-test alerts confirmed as tests mark the deployment's self-test
 * as passed (a `deployment.changed` event tells open stations and consoles). The decider may undo
 * it for UNDO_SECONDS (undo-decision.ts).
 */
export async function adjudicateAlert(alertId: string, input: AdjudicateRequest, user: CurrentUser, requestId: string, now = new Date()) {
  if (input.decision === "REJECT" && !input.reason) throw badRequest("reason is required to reject an alert.", { field: "reason" });
  if (input.reason === "OTHER" && !input.note) throw badRequest("note is required when the reason is OTHER.", { field: "note" });
  return db().$transaction(async (tx) => {
    await lockAlert(tx, alertId);
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    if (alert.status !== "PENDING" && alert.status !== "AWAITING_SECOND") {
      throw conflict(`This alert was already ${alert.status.toLowerCase()}.`);
    }
    if (alert.status === "AWAITING_SECOND" && alert.adjudications.some((a) => !a.undoneAt && a.userId === user.id && a.decision === "CONFIRM")) {
      throw conflict("A second, different operator must confirm this alert.");
    }
    const isTest = alert.isTest || input.isTest === true;
    let status: "REJECTED" | "CONFIRMED" | "AWAITING_SECOND";
    if (input.decision === "REJECT") status = "REJECTED";
    else if (alert.deployment.requireSecondConfirmation && alert.status === "PENDING") status = "AWAITING_SECOND";
    else status = "CONFIRMED";
    const decided = status !== "AWAITING_SECOND";
    const reason = input.decision === "REJECT" ? input.reason : undefined;
    await tx.adjudication.create({
      data: { alertId, userId: user.id, userName: user.name, decision: input.decision, reason, note: input.note, isTest, createdAt: now },
    });
    await tx.alert.update({
      where: { id: alertId },
      data: { status, isTest, ...(decided ? { decidedAt: now } : {}) },
    });
    let selfTestPassed = false;
    if (isTest && status === "CONFIRMED" && alert.entry?.isTestSubject) {
      const res = await tx.deployment.updateMany({
        where: { id: alert.deploymentId, status: "AUTHORISED", selfTestPassedAt: null },
        data: { selfTestPassedAt: now },
      });
      selfTestPassed = res.count > 0;
    }
    const updated = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    const view = toAlertView(updated, now);
    await publishLiveEvent(tx, { type: "alert.updated", deploymentId: alert.deploymentId, payload: view });
    if (selfTestPassed) await publishDeploymentChanged(tx, alert.deploymentId, "self-test-passed", now);
    await recordAuditEvent(tx, {
      actor: user,
      action: input.decision === "CONFIRM" ? "alert.confirm" : "alert.reject",
      targetType: "alert",
      targetId: alertId,
      deploymentId: alert.deploymentId,
      details: {
        status,
        isTest,
        reason,
        note: input.note,
        selfTestPassed: selfTestPassed || undefined,
        secondsToDecision: decided ? Math.round((now.getTime() - alert.receivedAt.getTime()) / 1000) : undefined,
      },
      requestId,
    });
    return view;
  }, TX_OPTIONS);
}

/** What happened after a confirmed alert: real outcomes for real alerts, test outcomes for test alerts. */
export async function recordAlertOutcome(alertId: string, input: OutcomeRequest, user: CurrentUser, requestId: string, now = new Date()) {
  return db().$transaction(async (tx) => {
    await lockAlert(tx, alertId);
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, omit: omitImage });
    if (alert.status !== "CONFIRMED") throw conflict("An outcome can be recorded only for a confirmed alert.");
    if (alert.outcome) throw conflict(`The outcome was already recorded as ${OUTCOME_LABELS[alert.outcome].toLowerCase()}.`);
    const allowed = outcomesFor(alert.isTest);
    if (!allowed.includes(input.outcome)) {
      throw badRequest(`outcome ${input.outcome} does not apply to a ${alert.isTest ? "test (blue-list)" : "real"} alert; use one of ${allowed.join(", ")}.`, {
        field: "outcome",
        allowed,
      });
    }
    await tx.adjudication.create({
      data: {
        alertId,
        userId: user.id,
        userName: user.name,
        decision: "OUTCOME",
        outcome: input.outcome,
        note: input.note,
        isTest: alert.isTest,
        createdAt: now,
      },
    });
    await tx.alert.update({ where: { id: alertId }, data: { outcome: input.outcome } });
    const updated = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    const view = toAlertView(updated, now);
    await publishLiveEvent(tx, { type: "alert.updated", deploymentId: alert.deploymentId, payload: view });
    await recordAuditEvent(tx, {
      actor: user,
      action: "alert.record_outcome",
      targetType: "alert",
      targetId: alertId,
      deploymentId: alert.deploymentId,
      details: { outcome: input.outcome, note: input.note, isTest: alert.isTest },
      requestId,
    });
    return view;
  }, TX_OPTIONS);
}
