import "server-only";
import { randomBytes } from "node:crypto";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { forbidden, notFound } from "@/lib/http/api-error";
import { hashPassword } from "./password";

/**
 * An administrator sets a one-time password for another user: returned once, to hand over in
 * person; the user must change it at the next sign-in; every open session of theirs ends and
 * sign-in locks on their account are lifted. Audited (never the password itself).
 */
export async function setOneTimePassword(targetId: string, actor: AuditActor & { id: string }, requestId: string) {
  if (targetId === actor.id) throw forbidden("Change your own password from your account page.");
  const password = randomBytes(12).toString("base64url").replace(/[-_]/g, "x").slice(0, 16);
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: targetId } });
    if (!user) throw notFound("User");
    const now = new Date();
    await tx.user.update({
      where: { id: targetId },
      data: { passwordHash, mustChangePassword: true, sessionsValidAfter: now, lockedUntil: null, failedLoginCount: 0 },
    });
    await tx.userSession.updateMany({ where: { userId: targetId, revokedAt: null }, data: { revokedAt: now } });
    await tx.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${`account:${user.email}`} OR "key" LIKE ${`account-source:${user.email}|%`}`;
    await recordAuditEvent(tx, {
      actor,
      action: "user.set_one_time_password",
      targetType: "user",
      targetId,
      details: { mustChangeAtNextSignIn: true, sessionsInvalidated: true },
      requestId,
    });
  }, TX_OPTIONS);
  return { password };
}
