import "server-only";
import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { badRequest, notFound } from "@/lib/http/api-error";
import { MODELS } from "@/lib/recognition/models";
import type { DeploymentInput } from "./deployment-schemas";

/**
 * What an application sets, from validated input, after checking that its zone is current and
 * its watchlists exist: the columns (the location type comes from the zone) and the watchlist and
 * camera rows to create.
 */
export async function applicationData(tx: Tx, input: DeploymentInput) {
  const zone = await tx.zone.findUnique({ where: { id: input.zoneId } });
  if (!zone || zone.archivedAt) throw notFound("Zone");
  const watchlistIds = [...new Set(input.watchlistIds)];
  if ((await tx.watchlist.count({ where: { id: { in: watchlistIds } } })) !== watchlistIds.length) throw notFound("Watchlist");
  return {
    zone,
    watchlistIds,
    data: {
      name: input.name,
      zoneId: input.zoneId,
      locationType: zone.locationType,
      plannedStart: new Date(input.plannedStart),
      plannedEnd: new Date(input.plannedEnd),
      purpose: input.purpose,
      legalBasis: input.legalBasis,
      necessity: input.necessity,
      proportionality: input.proportionality,
      watchlistCriteria: input.watchlistCriteria,
      expectedFootfallPerHour: input.expectedFootfallPerHour ?? null,
      threshold: input.threshold,
      requireSecondConfirmation: input.requireSecondConfirmation,
      dedupWindowSeconds: input.dedupWindowSeconds,
      adjudicationSlaMinutes: input.adjudicationSlaMinutes,
      watchlists: { create: watchlistIds.map((watchlistId) => ({ watchlistId })) },
      cameras: { create: input.cameras },
    },
  };
}

export function assertWindowInFuture(input: DeploymentInput, now: Date): void {
  if (new Date(input.plannedEnd) <= now)
    throw badRequest("plannedEnd: the window must end in the future.", [{ path: "plannedEnd", message: "must be in the future" }]);
}

/** A new application, in draft. The location type comes from its zone; the model is the current one. */
export async function createDeployment(input: DeploymentInput, user: CurrentUser, requestId: string, now = new Date()) {
  assertWindowInFuture(input, now);
  return db().$transaction(async (tx) => {
    const { zone, watchlistIds: ids, data } = await applicationData(tx, input);
    const reference = `DEP-${now.toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(3).toString("hex").toUpperCase()}`;
    const d = await tx.deployment.create({
      data: {
        ...data,
        reference,
        modelId: MODELS.mobilefacenet.id,
        modelVersion: MODELS.mobilefacenet.version,
        applicantId: user.id,
      },
    });
    await recordAuditEvent(tx, {
      actor: user,
      action: "deployment.create",
      targetType: "deployment",
      targetId: d.id,
      deploymentId: d.id,
      details: {
        reference,
        zone: zone.name,
        threshold: d.threshold,
        window: [d.plannedStart.toISOString(), d.plannedEnd.toISOString()],
        cameras: input.cameras.length,
        watchlists: ids,
      },
      requestId,
    });
    return d;
  }, TX_OPTIONS);
}
