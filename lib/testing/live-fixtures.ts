import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "./fixtures";
import jpeg from "jpeg-js";
import type { MatchEvent } from "@/lib/alerts/alert-schemas";

/** A deployment in the given state with one camera and a watchlist of two entries (one blue-list). */
export async function createLiveDeployment(
  opts: { status?: "LIVE" | "AUTHORISED" | "DRAFT" | "CLOSED"; requireSecondConfirmation?: boolean; dedupWindowSeconds?: number } = {},
) {
  const commander = await createTestUser("COMMANDER");
  const tag = randomUUID().slice(0, 8);
  const zone = await db().zone.create({
    data: {
      name: `Zone ${tag}`,
      locationType: "CRIME_HOTSPOT",
      rationale: "test",
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [0.001, 0],
            [0.001, 0.001],
            [0, 0],
          ],
        ],
      },
      areaM2: 6000,
      createdById: commander.id,
    },
  });
  const watchlist = await db().watchlist.create({ data: { name: `Watchlist ${tag}`, createdById: commander.id } });
  const addEntry = (subjectReference: string, extra: { isTestSubject?: boolean } = {}) =>
    db().watchlistEntry.create({
      data: {
        watchlistId: watchlist.id,
        subjectReference,
        reasonCategory: extra.isTestSubject ? "RISK_OF_HARM" : "WANTED_BY_COURTS",
        legalBasis: extra.isTestSubject ? "Self-test volunteer" : "Warrant",
        imageSource: extra.isTestSubject ? "staff photo" : "custody",
        addedById: commander.id,
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
        reviewedAt: new Date(),
        ...extra,
      },
    });
  const entry = await addEntry(`WL-${tag}`);
  const testEntry = await addEntry(`BLUE-${tag}`, { isTestSubject: true });
  const now = Date.now();
  const deployment = await db().deployment.create({
    data: {
      reference: `DEP-T-${tag}`,
      name: `Test ${tag}`,
      zoneId: zone.id,
      status: opts.status ?? "LIVE",
      plannedStart: new Date(now - 3600_000),
      plannedEnd: new Date(now + 3600_000),
      purpose: "test",
      locationType: "CRIME_HOTSPOT",
      legalBasis: "test",
      necessity: "test",
      proportionality: "test",
      watchlistCriteria: "test",
      threshold: 0.5,
      modelId: "mobilefacenet",
      modelVersion: "test-version",
      requireSecondConfirmation: opts.requireSecondConfirmation ?? false,
      dedupWindowSeconds: opts.dedupWindowSeconds ?? 120,
      applicantId: commander.id,
      watchlists: { create: [{ watchlistId: watchlist.id }] },
      cameras: { create: [{ name: `Cam ${tag}`, lat: 51.53, lng: -0.12 }] },
    },
    include: { cameras: true },
  });
  return { deployment, camera: deployment.cameras[0], entry, testEntry, watchlist, zone, commander };
}

/** A real 8x8 JPEG, base64: it passes the full decode the ingest route applies. */
export const TINY_JPEG_B64 = Buffer.from(jpeg.encode({ data: Buffer.alloc(8 * 8 * 4, 128), width: 8, height: 8 }, 50).data).toString("base64");

type LiveFixture = Awaited<ReturnType<typeof createLiveDeployment>>;

/**
 * A valid match event for the fixture's camera and its first entry, as a station posts it; any
 * field can be overridden. The idempotency key follows the station's `<deployment>:<camera>:<track>`.
 */
export function matchEventFor(fx: LiveFixture, over: Partial<MatchEvent> = {}): MatchEvent {
  const trackId = over.trackId ?? `t-${Math.random().toString(36).slice(2, 10)}`;
  return {
    idempotencyKey: `${fx.deployment.id}:${fx.camera.id}:${trackId}`,
    deploymentId: fx.deployment.id,
    cameraId: fx.camera.id,
    entryId: fx.entry.id,
    similarity: 0.7,
    thresholdInForce: 0.5,
    modelId: "mobilefacenet",
    modelVersion: "test-version",
    trackId,
    capturedAt: new Date().toISOString(),
    probeJpeg: TINY_JPEG_B64,
    ...over,
  };
}
