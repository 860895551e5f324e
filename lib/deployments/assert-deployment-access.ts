import "server-only";
import { requestLogger, errorFields } from "@/lib/observability/logger";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

/**
 * The one check between a user and a deployment's data (alerts, probe and watchlist images, the
 * live stream, cameras, its frozen gallery, exports). Privacy officers and admins keep oversight
 * access to every deployment; everybody else must be on its roster (DeploymentMember), or be the
 * commander who applied for it or the officer who authorised it. Fails closed: a deployment the
 * user may not see answers 404 exactly like one that does not exist, and the refusal is audited.
 */
export const OVERSIGHT_ROLES: readonly Role[] = ["PRIVACY_OFFICER", "ADMIN"];

export function hasOversight(user: Pick<CurrentUser, "role">): boolean {
  return OVERSIGHT_ROLES.includes(user.role as Role);
}

/** Ids of the deployments this user may see, or null for all of them (oversight). */
export async function accessibleDeploymentIds(user: CurrentUser): Promise<string[] | null> {
  if (hasOversight(user)) return null;
  const rows = await db().deployment.findMany({
    where: { OR: [{ members: { some: { userId: user.id } } }, { applicantId: user.id }, { authorisingOfficerId: user.id }] },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function canSee(user: CurrentUser, deploymentId: string): Promise<boolean> {
  if (hasOversight(user)) return true;
  const hit = await db().deployment.findFirst({
    where: {
      id: deploymentId,
      OR: [{ members: { some: { userId: user.id } } }, { applicantId: user.id }, { authorisingOfficerId: user.id }],
    },
    select: { id: true },
  });
  return !!hit;
}

interface Ctx {
  requestId?: string;
  /** What the 404 names ("Alert", "Camera", …): the same words as for a missing row. */
  what?: string;
}

async function refuse(user: CurrentUser, deploymentId: string | null, targetType: string, targetId: string, ctx: Ctx): Promise<never> {
  try {
    await appendAuditEvent({
      actor: user,
      action: "access.deny",
      outcome: "denied",
      targetType,
      targetId,
      deploymentId,
      details: { reason: "not_on_roster" },
      requestId: ctx.requestId ?? null,
    });
  } catch (error) {
    requestLogger(ctx.requestId ?? "-").error(errorFields(error), "could not audit a roster denial");
  }
  throw notFound(ctx.what ?? "Deployment");
}

/** Throws 404 unless the user may see this deployment's data. */
export async function assertDeploymentAccess(user: CurrentUser, deploymentId: string, ctx: Ctx = {}): Promise<void> {
  if (await canSee(user, deploymentId)) return;
  const exists = await db().deployment.findUnique({ where: { id: deploymentId }, select: { id: true } });
  await refuse(user, exists ? deploymentId : null, "deployment", deploymentId, ctx);
}

/** Throws 404 unless the alert exists and the user may see its deployment; returns that deployment. */
export async function assertAlertAccess(user: CurrentUser, alertId: string, ctx: Ctx = {}): Promise<{ deploymentId: string }> {
  const alert = await db().alert.findUnique({ where: { id: alertId }, select: { deploymentId: true } });
  if (!alert) throw notFound(ctx.what ?? "Alert");
  if (!(await canSee(user, alert.deploymentId))) await refuse(user, alert.deploymentId, "alert", alertId, { what: "Alert", ...ctx });
  return alert;
}

/** Throws 404 unless the camera exists and the user may see its deployment. */
export async function assertCameraAccess(user: CurrentUser, cameraId: string, ctx: Ctx = {}): Promise<{ deploymentId: string }> {
  const camera = await db().camera.findUnique({ where: { id: cameraId }, select: { deploymentId: true } });
  if (!camera) throw notFound(ctx.what ?? "Camera");
  if (!(await canSee(user, camera.deploymentId))) await refuse(user, camera.deploymentId, "camera", cameraId, { what: "Camera", ...ctx });
  return camera;
}

/** Throws 404 unless the signalling session's camera belongs to a deployment the user may see. */
export async function assertRtcSessionAccess(user: CurrentUser, sessionId: string, ctx: Ctx = {}): Promise<void> {
  const session = await db().rtcSession.findUnique({ where: { id: sessionId }, select: { camera: { select: { deploymentId: true } } } });
  if (!session) throw notFound(ctx.what ?? "Session");
  if (!(await canSee(user, session.camera.deploymentId)))
    await refuse(user, session.camera.deploymentId, "rtc_session", sessionId, { what: "Session", ...ctx });
}
