import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { badRequest, unprocessable } from "@/lib/http/api-error";
import type { CurrentUser } from "./current-user";
import { mfaRequiredFor } from "./mfa-policy";
import { hashPassword, verifyPassword } from "./password";

/**
 * Changes one's own password (the current one is required). Clears a one-time password's
 * "must change" flag, ends every other session, and lets this session go on (to second-factor
 * enrolment if the role still needs it).
 */
export async function changeOwnPassword(user: CurrentUser, input: { currentPassword: string; newPassword: string }, requestId: string) {
  const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw unprocessable("The current password is incorrect.", { field: "currentPassword" });
  }
  if (input.newPassword === input.currentPassword) throw badRequest("newPassword: must differ from the current password");
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date();
  const next = mfaRequiredFor(row.role) && !row.totpSecret ? ("enrol_mfa" as const) : null;
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.userSession.updateMany({ where: { userId: user.id, revokedAt: null, id: { not: user.sid } }, data: { revokedAt: now } });
    await tx.userSession.update({ where: { id: user.sid }, data: { restriction: next } });
    await recordAuditEvent(tx, {
      actor: { id: user.id, email: user.email, role: user.role },
      action: "user.change_password",
      targetType: "user",
      targetId: user.id,
      details: { wasOneTime: row.mustChangePassword, otherSessionsEnded: true },
      requestId,
    });
  }, TX_OPTIONS);
  return { changed: true, next };
}
