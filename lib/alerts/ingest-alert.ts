import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, notFound, unprocessable } from "@/lib/http/api-error";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import { MAX_PROBE_JPEG_BYTES, type MatchEvent } from "./alert-schemas";
import { alertViewInclude, toAlertView } from "./alert-view";

const omitImage = { probeJpeg: true } as const;

/**
 * Stores a match event once. A retry with the same idempotency key returns what was stored; a
 * repeat sighting of the same subject at the same camera inside the deployment's
 * de-duplication window is merged into the open alert (best crop kept). Alerts are accepted for
 * LIVE deployments, and for AUTHORISED ones only from blue-list test subjects (the self-test).
 */
export async function ingestAlert(event: MatchEvent, user: CurrentUser, requestId: string) {
  try {
    return await ingestOnce(event, user, requestId);
  } catch (error) {
    // Two deliveries of the same event raced; the loser now finds the winner's row.
    if ((error as { code?: string }).code === "P2002") return ingestOnce(event, user, requestId);
    throw error;
  }
}

async function ingestOnce(event: MatchEvent, user: CurrentUser, requestId: string) {
  const probe = Buffer.from(event.probeJpeg, "base64");
  if (probe.length > MAX_PROBE_JPEG_BYTES) throw unprocessable("probeJpeg is larger than 64 KiB.");
  if (probe.length < 4 || probe[0] !== 0xff || probe[1] !== 0xd8) throw unprocessable("probeJpeg is not a JPEG image.");
  const capturedAt = new Date(event.capturedAt);
  if (capturedAt.getTime() > Date.now() + 5 * 60_000) throw unprocessable("capturedAt is in the future.");

  return db().$transaction(async (tx) => {
    const existing = await tx.alert.findFirst({
      where: { OR: [{ idempotencyKey: event.idempotencyKey }, { mergedKeys: { has: event.idempotencyKey } }] },
      include: alertViewInclude,
      omit: omitImage,
    });
    if (existing) return { alert: toAlertView(existing), duplicate: true, merged: existing.idempotencyKey !== event.idempotencyKey };

    const deployment = await tx.deployment.findUnique({ where: { id: event.deploymentId } });
    if (!deployment) throw notFound("Deployment");
    const camera = await tx.camera.findFirst({ where: { id: event.cameraId, deploymentId: deployment.id } });
    if (!camera) throw notFound("Camera of this deployment");
    const entry = await tx.watchlistEntry.findFirst({
      where: { id: event.entryId, watchlist: { deployments: { some: { deploymentId: deployment.id } } } },
    });
    if (!entry) throw notFound("Watchlist entry of this deployment");
    const selfTest = deployment.status === "AUTHORISED";
    if (deployment.status !== "LIVE" && !(selfTest && entry.isTestSubject)) {
      throw conflict(
        selfTest
          ? "The deployment is not live yet: only blue-list test subjects are accepted during the self-test."
          : `The deployment is ${deployment.status.toLowerCase()}; alerts are accepted only while it is live.`,
      );
    }
    if (event.modelId !== deployment.modelId || event.modelVersion !== deployment.modelVersion) {
      throw unprocessable(`This deployment runs model ${deployment.modelId} ${deployment.modelVersion}; the event came from another model.`);
    }
    if (event.similarity < deployment.threshold) {
      throw unprocessable(`Similarity ${event.similarity.toFixed(3)} is below the deployment's threshold ${deployment.threshold}.`);
    }

    // Repeat sighting of the same subject at the same camera within the window: merge.
    const windowStart = new Date(capturedAt.getTime() - deployment.dedupWindowSeconds * 1000);
    const open = await tx.alert.findFirst({
      where: { deploymentId: deployment.id, cameraId: camera.id, entryId: entry.id, lastSeenAt: { gte: windowStart } },
      orderBy: { lastSeenAt: "desc" },
      select: { id: true, similarity: true, lastSeenAt: true },
    });
    let alertId: string;
    let merged = false;
    if (open) {
      merged = true;
      const better = event.similarity > open.similarity;
      await tx.alert.update({
        where: { id: open.id },
        data: {
          sightings: { increment: 1 },
          mergedKeys: { push: event.idempotencyKey },
          lastSeenAt: capturedAt > open.lastSeenAt ? capturedAt : open.lastSeenAt,
          ...(better ? { similarity: event.similarity, probeJpeg: probe } : {}),
        },
      });
      alertId = open.id;
    } else {
      const created = await tx.alert.create({
        data: {
          idempotencyKey: event.idempotencyKey,
          deploymentId: deployment.id,
          cameraId: camera.id,
          entryId: entry.id,
          subjectReference: entry.subjectReference,
          similarity: event.similarity,
          thresholdInForce: deployment.threshold,
          modelId: event.modelId,
          modelVersion: event.modelVersion,
          trackId: event.trackId,
          probeJpeg: probe,
          capturedAt,
          lastSeenAt: capturedAt,
          isTest: entry.isTestSubject,
        },
        select: { id: true },
      });
      alertId = created.id;
    }
    const alert = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: alertViewInclude, omit: omitImage });
    const view = toAlertView(alert);
    await publishLiveEvent(tx, { type: merged ? "alert.updated" : "alert.created", deploymentId: deployment.id, payload: view });
    await recordAuditEvent(tx, {
      actor: user,
      action: merged ? "alert.merge_sighting" : "alert.create",
      targetType: "alert",
      targetId: alertId,
      deploymentId: deployment.id,
      details: {
        camera: camera.id,
        entry: entry.id,
        similarity: event.similarity,
        threshold: deployment.threshold,
        model: `${event.modelId} ${event.modelVersion}`,
        capturedAt: capturedAt.toISOString(),
        selfTest: selfTest || undefined,
      },
      requestId,
    });
    return { alert: view, duplicate: false, merged };
  }, TX_OPTIONS);
}
