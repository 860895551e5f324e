import "server-only";
import type { z } from "zod";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";
import { publicUserSelect, type updateUserSchema } from "./user-schemas";

/**
 * Changes a user's role, name or status. A role change, disabling, or "sign out everywhere"
 * bumps `sessionsValidAfter`, so the user's existing sessions fail on their next request.
 * The last active administrator cannot be demoted or disabled.
 */
export async function updateUser(id: string, change: z.infer<typeof updateUserSchema>, actor: AuditActor & { id: string }, requestId: string) {
  return db().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound("User");
    const losesAdmin = before.role === "ADMIN" && before.active && ((change.role && change.role !== "ADMIN") || change.active === false);
    if (losesAdmin) {
      const admins = await tx.user.count({ where: { role: "ADMIN", active: true } });
      if (admins <= 1) throw conflict("This is the last active administrator; appoint another one first.");
    }
    const roleChanged = change.role !== undefined && change.role !== before.role;
    const disabled = change.active === false && before.active;
    const invalidate = roleChanged || disabled || change.signOutEverywhere === true;
    const user = await tx.user.update({
      where: { id },
      data: {
        role: change.role,
        active: change.active,
        name: change.name,
        ...(change.unlock ? { lockedUntil: null, failedLoginCount: 0 } : {}),
        ...(invalidate ? { sessionsValidAfter: new Date() } : {}),
      },
      select: publicUserSelect,
    });
    if (change.unlock) {
      // Sign-in locks on this account (from every source) are lifted with it.
      await tx.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${`account:${before.email}`} OR "key" LIKE ${`account-source:${before.email}|%`}`;
    }
    if (invalidate) await tx.userSession.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, {
      actor,
      action: "user.update",
      targetType: "user",
      targetId: id,
      details: {
        ...(roleChanged ? { role: { from: before.role, to: change.role } } : {}),
        ...(change.active !== undefined && change.active !== before.active ? { active: change.active } : {}),
        ...(change.name !== undefined && change.name !== before.name ? { name: change.name } : {}),
        ...(change.unlock ? { unlocked: true } : {}),
        sessionsInvalidated: invalidate,
      },
      requestId,
    });
    return user;
  }, TX_OPTIONS);
}
