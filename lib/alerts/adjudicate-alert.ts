import "server-only";
import type { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import type { adjudicateSchema, outcomeSchema } from "./alert-schemas";
import { alertViewInclude, toAlertView } from "./alert-view";

const omitImage = { probeJpeg: true } as const;

/**
 * A person's judgement of an alert. Reject ends it; confirm ends it, unless the deployment
 * requires a second, different operator, in which case the first confirmation waits for one.
 * Self-test alerts confirmed as tests mark the deployment's self-test as passed.
 */
export async function adjudicateAlert(
  alertId: string,
  input: z.infer<typeof adjudicateSchema>,
  user: CurrentUser,
  requestId: string,
  now = new Date(),
) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Alert" WHERE id = ${alertId}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Alert");
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    if (alert.status !== "PENDING" && alert.status !== "AWAITING_SECOND") {
      throw conflict(`This alert was already ${alert.status.toLowerCase()}.`);
    }
    if (alert.status === "AWAITING_SECOND" && alert.adjudications.some((a) => a.userId === user.id && a.decision === "CONFIRM")) {
      throw conflict("A second, different operator must confirm this alert.");
    }
    const isTest = alert.isTest || input.isTest === true;
    let status: "REJECTED" | "CONFIRMED" | "AWAITING_SECOND";
    if (input.decision === "REJECT") status = "REJECTED";
    else if (alert.deployment.requireSecondConfirmation && alert.status === "PENDING") status = "AWAITING_SECOND";
    else status = "CONFIRMED";
    const decided = status !== "AWAITING_SECOND";
    await tx.adjudication.create({
      data: { alertId, userId: user.id, decision: input.decision, note: input.note, isTest, createdAt: now },
    });
    await tx.alert.update({
      where: { id: alertId },
      data: { status, isTest, ...(decided ? { decidedAt: now } : {}) },
    });
    if (isTest && status === "CONFIRMED" && alert.entry?.isTestSubject) {
      await tx.deployment.updateMany({
        where: { id: alert.deploymentId, selfTestPassedAt: null },
        data: { selfTestPassedAt: now },
      });
    }
    const updated = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    const view = toAlertView(updated, now);
    await publishLiveEvent(tx, { type: "alert.updated", deploymentId: alert.deploymentId, payload: view });
    await recordAuditEvent(tx, {
      actor: user,
      action: `alert.${input.decision.toLowerCase()}`,
      targetType: "alert",
      targetId: alertId,
      deploymentId: alert.deploymentId,
      details: {
        status,
        isTest,
        note: input.note,
        secondsToDecision: decided ? Math.round((now.getTime() - alert.receivedAt.getTime()) / 1000) : undefined,
      },
      requestId,
    });
    return view;
  }, TX_OPTIONS);
}

/** What happened after a confirmed alert. */
export async function recordAlertOutcome(
  alertId: string,
  input: z.infer<typeof outcomeSchema>,
  user: CurrentUser,
  requestId: string,
) {
  return db().$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId }, omit: omitImage });
    if (!alert) throw notFound("Alert");
    if (alert.status !== "CONFIRMED") throw conflict("An outcome can be recorded only for a confirmed alert.");
    if (alert.outcome) throw conflict(`The outcome was already recorded as ${alert.outcome.toLowerCase().replace(/_/g, " ")}.`);
    await tx.adjudication.create({ data: { alertId, userId: user.id, decision: "OUTCOME", outcome: input.outcome, note: input.note, isTest: alert.isTest } });
    await tx.alert.update({ where: { id: alertId }, data: { outcome: input.outcome } });
    const updated = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    const view = toAlertView(updated);
    await publishLiveEvent(tx, { type: "alert.updated", deploymentId: alert.deploymentId, payload: view });
    await recordAuditEvent(tx, {
      actor: user,
      action: "alert.outcome",
      targetType: "alert",
      targetId: alertId,
      deploymentId: alert.deploymentId,
      details: { outcome: input.outcome, note: input.note },
      requestId,
    });
    return view;
  }, TX_OPTIONS);
}
