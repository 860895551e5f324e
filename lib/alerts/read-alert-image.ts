import "server-only";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

/**
 * The probe crop or the watchlist face of an alert. Looking at someone's biometric image is
 * itself recorded: the access event commits before the bytes are returned. Reading changes
 * nothing, so the record stands alone (one autocommit append, no transaction around the reads).
 */
export async function readAlertImage(alertId: string, kind: "probe" | "watchlist", user: CurrentUser, requestId: string) {
  const alert = await db().alert.findUnique({
    where: { id: alertId },
    select: { id: true, deploymentId: true, entryId: true, probeJpeg: kind === "probe" },
  });
  if (!alert) throw notFound("Alert");
  let bytes: Uint8Array | null = null;
  if (kind === "probe") bytes = alert.probeJpeg ?? null;
  else if (alert.entryId) {
    const image = await db().watchlistImage.findFirst({ where: { entryId: alert.entryId }, orderBy: { createdAt: "asc" }, select: { faceJpeg: true } });
    bytes = image?.faceJpeg ?? null;
  }
  if (!bytes) throw notFound(kind === "probe" ? "Probe image (it may have been deleted under the retention policy)" : "Watchlist image");
  await appendAuditEvent({
    actor: user,
    action: "access.read_alert_image",
    targetType: "alert",
    targetId: alertId,
    deploymentId: alert.deploymentId,
    details: { kind },
    requestId,
  });
  return bytes;
}
