import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { ApiError, notFound } from "@/lib/http/api-error";
import { freezeSnapshot } from "./freeze-snapshot";
import { decide, type Transition } from "./state-machine";

export interface TransitionInput {
  reasons?: string;
  report?: string;
  reason?: string;
  threshold?: number;
}

/**
 * Applies one lifecycle step under a row lock: the state machine decides, the change and its
 * audit event commit together. Authorisation freezes the watchlist snapshot and is tied to the
 * application's current version.
 */
export async function transitionDeployment(id: string, transition: Transition, input: TransitionInput, user: CurrentUser, requestId: string, now = new Date()) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Deployment" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Deployment");
    const d = await tx.deployment.findUniqueOrThrow({ where: { id } });
    const decision = decide(transition, d, user, now);
    if (!decision.ok) throw new ApiError(decision.status, decision.status === 403 ? "forbidden" : "conflict", decision.message, { status: d.status });
    const details: Record<string, unknown> = { from: d.status, to: decision.to, version: d.version };
    let data: Record<string, unknown> = { status: decision.to };
    switch (transition) {
      case "submit":
        data = { ...data, submittedAt: now };
        break;
      case "authorise": {
        const snapshot = await freezeSnapshot(tx, d, now);
        data = { ...data, authorisingOfficerId: user.id, authorisedAt: now, authorisedVersion: d.version, authorisationReasons: input.reasons, refusedAt: null, refusalReasons: null };
        Object.assign(details, { reasons: input.reasons, snapshot: snapshot.id, watchlistSize: snapshot.entryCount, contentHash: snapshot.contentHash, threshold: d.threshold });
        break;
      }
      case "refuse":
        data = { ...data, authorisingOfficerId: user.id, refusedAt: now, refusalReasons: input.reasons };
        details.reasons = input.reasons;
        break;
      case "confirm-signage":
        data = { signageConfirmedAt: now, signageConfirmedById: user.id };
        break;
      case "go-live":
        data = { ...data, liveAt: now };
        break;
      case "close":
        data = { ...data, closedAt: now, closureReport: input.report };
        details.report = input.report;
        break;
      case "cancel":
        data = { ...data, cancelledAt: now, cancellationReason: input.reason };
        details.reason = input.reason;
        break;
      case "change-threshold":
        await tx.thresholdChange.create({ data: { deploymentId: id, fromThreshold: d.threshold, toThreshold: input.threshold!, reason: input.reason!, authorisedById: user.id, createdAt: now } });
        data = { threshold: input.threshold };
        Object.assign(details, { fromThreshold: d.threshold, toThreshold: input.threshold, reason: input.reason });
        break;
      case "edit":
        break;
    }
    const updated = await tx.deployment.update({ where: { id }, data });
    await recordAuditEvent(tx, { actor: user, action: `deployment.${transition}`, targetType: "deployment", targetId: id, deploymentId: id, details, requestId });
    return updated;
  }, TX_OPTIONS);
}

/** A live deployment past its window stops by itself (audited as the system). */
export async function closeExpiredDeployments(now = new Date()): Promise<number> {
  const due = await db().deployment.findMany({ where: { status: "LIVE", plannedEnd: { lt: now } }, select: { id: true } });
  for (const { id } of due) {
    await db().$transaction(async (tx) => {
      const closed = await tx.deployment.updateMany({
        where: { id, status: "LIVE", plannedEnd: { lt: now } },
        data: { status: "CLOSED", closedAt: now, closureReport: "Closed automatically at the end of its authorised window." },
      });
      if (!closed.count) return;
      await recordAuditEvent(tx, { actor: null, action: "deployment.auto_close", targetType: "deployment", targetId: id, deploymentId: id, details: { reason: "window ended" } });
    }, TX_OPTIONS);
  }
  return due.length;
}
