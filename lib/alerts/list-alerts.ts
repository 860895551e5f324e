import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";
import type { listAlertsQuery } from "./alert-schemas";
import { alertViewInclude, toAlertView } from "./alert-view";

/**
 * Newest first, paged by capture time. `scope` (from accessibleDeploymentIds) limits the list to
 * the deployments the caller may see; null means all of them (oversight).
 */
export async function listAlerts(q: z.infer<typeof listAlertsQuery>, scope: string[] | null = null) {
  const rows = await db().alert.findMany({
    where: {
      ...(q.deploymentId ? { deploymentId: q.deploymentId } : {}),
      ...(scope ? { AND: [{ deploymentId: { in: scope } }] } : {}),
      ...(q.status === "open" ? { status: { in: ["PENDING", "AWAITING_SECOND"] } } : q.status ? { status: q.status } : {}),
      ...(q.before ? { capturedAt: { lt: new Date(q.before) } } : {}),
    },
    include: alertViewInclude,
    omit: { probeJpeg: true },
    orderBy: [{ capturedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit).map((a) => toAlertView(a));
  return { alerts: page, nextBefore: rows.length > q.limit ? page[page.length - 1].capturedAt : null };
}

export async function getAlert(id: string) {
  const alert = await db().alert.findUnique({ where: { id }, include: alertViewInclude, omit: { probeJpeg: true } });
  if (!alert) throw notFound("Alert");
  return toAlertView(alert);
}
