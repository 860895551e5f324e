import "server-only";
import { stepAuditAction } from "./deployment-steps";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { ApiError, notFound } from "@/lib/http/api-error";
import type { DeploymentChange } from "@/lib/live/live-schemas";
import { publishDeploymentChanged } from "@/lib/live/publish-deployment-changed";
import { IMPOSTOR_TAIL } from "@/lib/planning/current-impostor-model";
import { evidenceIdentity } from "@/lib/planning/evidence-identity";
import { expectedFalseAlerts } from "@/lib/planning/expected-false-alerts";
import { applicationDigest } from "./application-digest";
import { freezeSnapshot } from "./freeze-snapshot";
import { decide, type Transition } from "./state-machine";

export { closeExpiredDeployments } from "./close-expired-deployments";

export interface TransitionInput {
  reasons?: string;
  report?: string;
  reason?: string;
  threshold?: number;
}

/** The planning estimate recorded with a decision, rounded for the record (null without a footfall estimate). */
function falseAlertsPerHour(threshold: number, watchlistSize: number, footfall: number | null): number | null {
  if (footfall === null) return null;
  return Math.round(expectedFalseAlerts(IMPOSTOR_TAIL, threshold, watchlistSize, footfall).perHour * 1000) / 1000;
}

export type SimpleTransition = Exclude<Transition, "edit" | "record-self-test">;

/** The steps that change what an open station or console must show or search, as live events. */
const LIVE_CHANGES: Partial<Record<SimpleTransition, DeploymentChange>> = {
  authorise: "authorised",
  "confirm-signage": "signage-confirmed",
  "go-live": "went-live",
  close: "closed",
  cancel: "cancelled",
  "change-threshold": "threshold",
};

/**
 * Applies one lifecycle step under a row lock: the state machine decides, and the change and its
 * audit event commit together. Authorisation is a signed decision (officer, time, reasons, and a
 * digest of the application version it covers) and freezes the watchlist snapshot.
 */
export async function transitionDeployment(
  id: string,
  transition: SimpleTransition,
  input: TransitionInput,
  user: CurrentUser,
  requestId: string,
  now = new Date(),
) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Deployment" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Deployment");
    const d = await tx.deployment.findUniqueOrThrow({ where: { id }, include: { cameras: true, watchlists: { select: { watchlistId: true } } } });
    const decision = decide(transition, d, user, now);
    if (!decision.ok) throw new ApiError(decision.status, decision.status === 403 ? "forbidden" : "conflict", decision.message, { status: d.status });
    const details: Record<string, unknown> = { from: d.status, to: decision.to, version: d.version };
    let data: Record<string, unknown> = { status: decision.to };
    const digest = () => applicationDigest({ ...d, watchlistIds: d.watchlists.map((w) => w.watchlistId) });
    switch (transition) {
      case "submit":
        data = { ...data, submittedAt: now };
        details.applicationDigest = digest();
        break;
      case "authorise": {
        const snapshot = await freezeSnapshot(tx, d, now);
        data = {
          ...data,
          authorisingOfficerId: user.id,
          authorisedAt: now,
          authorisedVersion: d.version,
          authorisationReasons: input.reasons,
          refusedAt: null,
          refusalReasons: null,
        };
        Object.assign(details, {
          reasons: input.reasons,
          signedBy: user.email,
          signedAt: now.toISOString(),
          applicationDigest: digest(),
          snapshot: snapshot.id,
          watchlistSize: snapshot.entryCount,
          entriesAwaitingReview: snapshot.awaitingReview,
          contentHash: snapshot.contentHash,
          threshold: d.threshold,
          expectedFalseAlertsPerHour: falseAlertsPerHour(d.threshold, snapshot.entryCount, d.expectedFootfallPerHour),
          // Which measurement that estimate (and the authoriser's review) came from.
          evidence: evidenceIdentity(),
          window: [d.plannedStart.toISOString(), d.plannedEnd.toISOString()],
        });
        break;
      }
      case "refuse":
        data = { ...data, authorisingOfficerId: user.id, refusedAt: now, refusalReasons: input.reasons };
        Object.assign(details, { reasons: input.reasons, signedBy: user.email, signedAt: now.toISOString(), applicationDigest: digest() });
        break;
      case "confirm-signage":
        data = { signageConfirmedAt: now, signageConfirmedById: user.id };
        break;
      case "go-live":
        data = { ...data, liveAt: now };
        details.threshold = d.threshold;
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
        if (input.threshold === d.threshold) throw new ApiError(409, "conflict", `The threshold is already ${d.threshold}.`, { status: d.status });
        await tx.thresholdChange.create({
          data: { deploymentId: id, fromThreshold: d.threshold, toThreshold: input.threshold!, reason: input.reason!, authorisedById: user.id, createdAt: now },
        });
        data = { threshold: input.threshold };
        Object.assign(details, { fromThreshold: d.threshold, toThreshold: input.threshold, reason: input.reason });
        if (d.expectedFootfallPerHour !== null) {
          const size =
            (
              await tx.watchlistSnapshot.findFirst({
                where: { deploymentId: id, destroyedAt: null },
                orderBy: { createdAt: "desc" },
                select: { entryCount: true },
              })
            )?.entryCount ?? 0;
          details.expectedFalseAlertsPerHour = falseAlertsPerHour(input.threshold!, size, d.expectedFootfallPerHour);
          details.evidence = evidenceIdentity();
        }
        break;
    }
    const updated = await tx.deployment.update({ where: { id }, data });
    const change = LIVE_CHANGES[transition];
    if (change) await publishDeploymentChanged(tx, id, change, now);
    await recordAuditEvent(tx, {
      actor: user,
      action: stepAuditAction(transition),
      targetType: "deployment",
      targetId: id,
      deploymentId: id,
      details,
      requestId,
    });
    return updated;
  }, TX_OPTIONS);
}
