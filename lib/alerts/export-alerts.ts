import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/prisma";

export const MAX_EXPORTED_ALERTS = 10_000;

export const exportAlertsQuery = z.object({
  deploymentId: z.string().uuid(),
  format: z.enum(["json", "csv"]).default("csv"),
});

export const EXPORT_ALERT_COLUMNS = [
  "id",
  "capturedAt",
  "camera",
  "subjectReference",
  "similarity",
  "thresholdInForce",
  "status",
  "outcome",
  "isTest",
  "sightings",
  "decidedAt",
] as const;

/**
 * One deployment's alerts as a table (newest first, at most 10,000): what is stored now, so an
 * alert deleted under the retention policy is in no later export. Never image bytes.
 */
export async function exportAlerts(deploymentId: string) {
  const rows = await db().alert.findMany({
    where: { deploymentId },
    select: {
      id: true,
      capturedAt: true,
      subjectReference: true,
      similarity: true,
      thresholdInForce: true,
      status: true,
      outcome: true,
      isTest: true,
      sightings: true,
      decidedAt: true,
      camera: { select: { name: true } },
    },
    orderBy: [{ capturedAt: "desc" }, { id: "desc" }],
    take: MAX_EXPORTED_ALERTS,
  });
  return rows.map((r) => ({
    id: r.id,
    capturedAt: r.capturedAt.toISOString(),
    camera: r.camera.name,
    subjectReference: r.subjectReference,
    similarity: r.similarity,
    thresholdInForce: r.thresholdInForce,
    status: r.status,
    outcome: r.outcome,
    isTest: r.isTest,
    sightings: r.sightings,
    decidedAt: r.decidedAt?.toISOString() ?? null,
  }));
}
