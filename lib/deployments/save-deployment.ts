import "server-only";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { ApiError, notFound } from "@/lib/http/api-error";
import { MODELS } from "@/lib/recognition/models";
import type { deploymentInputSchema } from "./deployment-schemas";
import { decide } from "./state-machine";

type Input = z.infer<typeof deploymentInputSchema>;

function fields(input: Input) {
  return {
    name: input.name,
    zoneId: input.zoneId,
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
  };
}

/** A new application, in draft. The location type comes from its zone. */
export async function createDeployment(input: Input, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const zone = await tx.zone.findUnique({ where: { id: input.zoneId } });
    if (!zone || zone.archivedAt) throw notFound("Zone");
    const found = await tx.watchlist.count({ where: { id: { in: input.watchlistIds } } });
    if (found !== new Set(input.watchlistIds).size) throw notFound("Watchlist");
    const reference = `DEP-${new Date().toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(2).toString("hex").toUpperCase()}`;
    const d = await tx.deployment.create({
      data: {
        ...fields(input),
        reference,
        locationType: zone.locationType,
        modelId: MODELS.mobilefacenet.id,
        modelVersion: MODELS.mobilefacenet.version,
        applicantId: user.id,
        watchlists: { create: input.watchlistIds.map((watchlistId) => ({ watchlistId })) },
        cameras: { create: input.cameras },
      },
    });
    await recordAuditEvent(tx, { actor: user, action: "deployment.create", targetType: "deployment", targetId: d.id, deploymentId: d.id, details: { reference, zone: zone.name, threshold: d.threshold }, requestId });
    return d;
  }, TX_OPTIONS);
}

/** Any change to the application returns it to draft; after authorisation it must be authorised again. */
export async function updateDeployment(id: string, input: Input, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Deployment" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Deployment");
    const d = await tx.deployment.findUniqueOrThrow({ where: { id } });
    const decision = decide("edit", d, user, new Date());
    if (!decision.ok) throw new ApiError(decision.status, decision.status === 403 ? "forbidden" : "conflict", decision.message);
    const zone = await tx.zone.findUnique({ where: { id: input.zoneId } });
    if (!zone) throw notFound("Zone");
    await tx.deploymentWatchlist.deleteMany({ where: { deploymentId: id } });
    await tx.camera.deleteMany({ where: { deploymentId: id } });
    await tx.watchlistSnapshot.deleteMany({ where: { deploymentId: id, destroyedAt: null } });
    const updated = await tx.deployment.update({
      where: { id },
      data: {
        ...fields(input),
        locationType: zone.locationType,
        status: "DRAFT",
        version: d.version + 1,
        signageConfirmedAt: null,
        selfTestPassedAt: null,
        watchlists: { create: input.watchlistIds.map((watchlistId) => ({ watchlistId })) },
        cameras: { create: input.cameras },
      },
    });
    await recordAuditEvent(tx, {
      actor: user,
      action: "deployment.edit",
      targetType: "deployment",
      targetId: id,
      deploymentId: id,
      details: { from: d.status, to: "DRAFT", version: updated.version, reauthorisationNeeded: d.status === "AUTHORISED" },
      requestId,
    });
    return updated;
  }, TX_OPTIONS);
}

export async function listDeployments() {
  const rows = await db().deployment.findMany({
    orderBy: { plannedStart: "desc" },
    take: 200,
    include: { zone: { select: { name: true } }, cameras: true, watchlists: { include: { watchlist: { select: { id: true, name: true } } } }, snapshots: { where: { destroyedAt: null }, select: { entryCount: true, contentHash: true } } },
  });
  return rows;
}

export async function getDeployment(id: string) {
  const d = await db().deployment.findUnique({
    where: { id },
    include: { zone: true, cameras: true, watchlists: { include: { watchlist: { select: { id: true, name: true } } } }, snapshots: { select: { id: true, entryCount: true, contentHash: true, createdAt: true, destroyedAt: true } }, thresholdChanges: true },
  });
  if (!d) throw notFound("Deployment");
  return d;
}
