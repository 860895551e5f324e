import "server-only";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { forbidden, notFound } from "@/lib/http/api-error";

/**
 * An administrator removes another user's second factor (lost phone): secret and recovery codes
 * go, the user's sessions end, and where the role requires one the next sign-in enrols a new one.
 * Nobody resets their own this way (replacing one's own needs a current code). Audited.
 */
export async function resetSecondFactor(targetId: string, actor: AuditActor & { id: string }, requestId: string) {
  if (targetId === actor.id) throw forbidden("You cannot reset your own second factor here; replace it from your account page with a current code.");
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: targetId } });
    if (!user) throw notFound("User");
    const now = new Date();
    await tx.user.update({
      where: { id: targetId },
      data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, sessionsValidAfter: now },
    });
    const codes = await tx.recoveryCode.deleteMany({ where: { userId: targetId } });
    await tx.userSession.updateMany({ where: { userId: targetId, revokedAt: null }, data: { revokedAt: now } });
    await recordAuditEvent(tx, {
      actor,
      action: "auth.reset_second_factor",
      targetType: "user",
      targetId,
      details: { hadSecondFactor: !!user.totpSecret, recoveryCodesRemoved: codes.count, sessionsInvalidated: true },
      requestId,
    });
    return { reset: true };
  }, TX_OPTIONS);
}
