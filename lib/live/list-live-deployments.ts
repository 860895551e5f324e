import "server-only";
import { db } from "@/lib/db/prisma";
import type { LiveScope } from "./live-schemas";
import { readLiveScope } from "./read-live-scope";

/** Deployments a control room can run now: live, or authorised and waiting for the self-test. */
export async function listLiveDeployments() {
  const rows = await db().deployment.findMany({
    where: { status: { in: ["LIVE", "AUTHORISED"] } },
    include: {
      zone: { select: { id: true, name: true, geometry: true, locationType: true } },
      cameras: { orderBy: { name: "asc" } },
    },
    orderBy: { plannedStart: "asc" },
  });
  const counts = await db().faceCount.groupBy({
    by: ["deploymentId"],
    where: { deploymentId: { in: rows.map((r) => r.id) } },
    _sum: { faces: true },
  });
  const now = new Date();
  const scopes = new Map<string, LiveScope | null>();
  for (const d of rows) scopes.set(d.id, await readLiveScope(db(), d.id, now));
  return rows.map((d) => ({
    id: d.id,
    reference: d.reference,
    name: d.name,
    status: d.status,
    plannedStart: d.plannedStart.toISOString(),
    plannedEnd: d.plannedEnd.toISOString(),
    threshold: d.threshold,
    modelId: d.modelId,
    modelVersion: d.modelVersion,
    dedupWindowSeconds: d.dedupWindowSeconds,
    requireSecondConfirmation: d.requireSecondConfirmation,
    adjudicationSlaMinutes: d.adjudicationSlaMinutes,
    selfTestPassedAt: d.selfTestPassedAt?.toISOString() ?? null,
    zone: d.zone,
    cameras: d.cameras.map((c) => ({
      id: c.id,
      name: c.name,
      lat: c.lat,
      lng: c.lng,
      headingDeg: c.headingDeg,
      fovDeg: c.fovDeg,
      rangeM: c.rangeM,
      source: c.source,
      whepUrl: c.whepUrl,
    })),
    /** The search scope in force (what stations must search; see GET /api/live/deployments/[id]/scope). */
    scope: scopes.get(d.id)!,
    facesProcessed: counts.find((c) => c.deploymentId === d.id)?._sum.faces ?? 0,
  }));
}
