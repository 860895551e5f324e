import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { badRequest, notFound } from "@/lib/http/api-error";
import { ROSTER_ROLES } from "./roster-schemas";

/**
 * Puts a user on a deployment's roster, so they see its alerts, images and live streams. Adding
 * someone already on it changes nothing (and records nothing). The change and its audit event
 * commit together.
 */
export async function addRosterMember(deploymentId: string, userId: string, actor: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const deployment = await tx.deployment.findUnique({ where: { id: deploymentId }, select: { id: true, status: true } });
    if (!deployment) throw notFound("Deployment");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, active: true, email: true } });
    if (!user) throw badRequest("userId: no such user.", [{ path: "userId", message: "no such user" }]);
    if (!user.active) throw badRequest("userId: this account is disabled.", [{ path: "userId", message: "account disabled" }]);
    if (!(ROSTER_ROLES as readonly string[]).includes(user.role)) {
      throw badRequest(`userId: a ${user.role.toLowerCase().replace("_", " ")} has oversight access and is not put on rosters.`, [
        { path: "userId", message: "role not rostered" },
      ]);
    }
    // ON CONFLICT DO NOTHING: of two commanders adding the same person at once, one adds and audits.
    const inserted = await tx.deploymentMember.createMany({ data: [{ deploymentId, userId, addedById: actor.id }], skipDuplicates: true });
    if (inserted.count === 0) return { added: false };
    await recordAuditEvent(tx, {
      actor,
      action: "deployment.add_roster_member",
      targetType: "user",
      targetId: userId,
      deploymentId,
      details: { email: user.email, role: user.role },
      requestId,
    });
    return { added: true };
  }, TX_OPTIONS);
}
