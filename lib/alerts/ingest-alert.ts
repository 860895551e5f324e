import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { conflict, notFound, unprocessable } from "@/lib/http/api-error";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import { MAX_PROBE_JPEG_BYTES, type MatchEvent } from "./alert-schemas";
import { alertViewInclude, toAlertView } from "./alert-view";

const omitImage = { probeJpeg: true } as const;

/**
 * Stores a match event once, and one alert per pass. Every event for one subject at one camera of
 * a deployment takes the same transaction-level advisory lock first, so concurrent copies of one
 * event, and concurrent sightings of one pass, are handled one after the other: the second finds
 * the first's idempotency key (AlertKey, whose primary key is the backstop) or its open alert.
 * A retry with the same key returns what was stored; a sighting whose capturedAt lies inside the
 * de-duplication window on either side of an alert's time span (first capture to last sighting)
 * is merged into that alert (best crop kept). Alerts are accepted for LIVE deployments inside
 * their window, and for AUTHORISED ones only from blue-list test subjects (the self-test).
 */
export async function ingestAlert(event: MatchEvent, user: CurrentUser, requestId: string) {
  try {
    return await ingestOnce(event, user, requestId);
  } catch (error) {
    // Backstop: a copy with the same key but another subject/camera raced us; it now exists.
    if ((error as { code?: string }).code === "P2002") return ingestOnce(event, user, requestId);
    throw error;
  }
}

async function findByKey(tx: Tx, key: string) {
  const hit = await tx.alertKey.findUnique({ where: { key }, select: { alertId: true } });
  if (hit) return tx.alert.findUniqueOrThrow({ where: { id: hit.alertId }, include: alertViewInclude, omit: omitImage });
  // An alert written without its key row (imported or seeded data) still answers for its own key.
  return tx.alert.findUnique({ where: { idempotencyKey: key }, include: alertViewInclude, omit: omitImage });
}

async function ingestOnce(event: MatchEvent, user: CurrentUser, requestId: string) {
  const probe = Buffer.from(event.probeJpeg, "base64");
  if (probe.length > MAX_PROBE_JPEG_BYTES) throw unprocessable("probeJpeg is larger than 64 KiB.");
  if (probe.length < 4 || probe[0] !== 0xff || probe[1] !== 0xd8) throw unprocessable("probeJpeg is not a JPEG image.");
  const capturedAt = new Date(event.capturedAt);
  const now = new Date();
  if (capturedAt.getTime() > now.getTime() + 5 * 60_000) throw unprocessable("capturedAt is in the future.");
  return db().$transaction(async (tx) => {
    const subjectLock = `alert:${event.deploymentId}:${event.cameraId}:${event.entryId}`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${subjectLock}, 0))`;
    const existing = await findByKey(tx, event.idempotencyKey);
    if (existing) return { alert: toAlertView(existing), duplicate: true, merged: existing.idempotencyKey !== event.idempotencyKey, scopeVersion: null };
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
    if ((deployment.status === "LIVE" || deployment.status === "AUTHORISED") && now > deployment.plannedEnd) {
      throw conflict(`The deployment's authorised window ended at ${deployment.plannedEnd.toISOString()}; alerts are no longer accepted.`);
    }
    if (event.modelId !== deployment.modelId || event.modelVersion !== deployment.modelVersion) {
      throw unprocessable(`This deployment runs model ${deployment.modelId} ${deployment.modelVersion}; the event came from another model.`);
    }
    if (event.similarity < deployment.threshold) {
      throw unprocessable(`Similarity ${event.similarity.toFixed(3)} is below the deployment's threshold ${deployment.threshold}.`);
    }

    // A sighting of the same subject at the same camera inside the window on either side of an
    // alert's span [capturedAt, lastSeenAt]: merge. (The subject lock makes this check-then-act safe.)
    const windowMs = deployment.dedupWindowSeconds * 1000;
    const open = await tx.alert.findFirst({
      where: {
        deploymentId: deployment.id,
        cameraId: camera.id,
        entryId: entry.id,
        capturedAt: { lte: new Date(capturedAt.getTime() + windowMs) },
        lastSeenAt: { gte: new Date(capturedAt.getTime() - windowMs) },
      },
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
    await tx.alertKey.create({ data: { key: event.idempotencyKey, alertId } });
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
        subjectReference: entry.subjectReference,
        similarity: event.similarity,
        threshold: deployment.threshold,
        model: `${event.modelId} ${event.modelVersion}`,
        capturedAt: capturedAt.toISOString(),
        selfTest: selfTest || undefined,
        scopeVersion: event.scopeVersion,
      },
      requestId,
    });
    return { alert: view, duplicate: false, merged, scopeVersion: deployment.scopeVersion };
  }, TX_OPTIONS);
}
