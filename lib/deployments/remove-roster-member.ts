import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

/** Takes a user off a deployment's roster: from the next request on they see none of its data. */
export async function removeRosterMember(deploymentId: string, userId: string, actor: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const gone = await tx.deploymentMember.deleteMany({ where: { deploymentId, userId } });
    if (gone.count === 0) throw notFound("Roster member");
    await recordAuditEvent(tx, { actor, action: "deployment.remove_roster_member", targetType: "user", targetId: userId, deploymentId, requestId });
    return { removed: true };
  }, TX_OPTIONS);
}
