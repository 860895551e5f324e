import "server-only";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";
import { describeKey } from "./sign-in-throttle";

/** An administrator lifts one sign-in lock (an account, an account from one source, or a source). Audited. */
export async function unlockSignIn(key: string, actor: AuditActor, requestId: string) {
  return db().$transaction(async (tx) => {
    const row = await tx.signInThrottle.findUnique({ where: { key } });
    if (!row || !row.lockedAt) throw notFound("Lock");
    await tx.signInThrottle.delete({ where: { key } });
    const what = describeKey(key);
    const user = what.email ? await tx.user.findUnique({ where: { email: what.email }, select: { id: true } }) : null;
    if (user && what.kind === "account") await tx.user.update({ where: { id: user.id }, data: { lockedUntil: null, failedLoginCount: 0 } });
    await recordAuditEvent(tx, {
      actor,
      action: what.kind === "source" ? "auth.unlock_source" : "auth.unlock_account",
      targetType: what.kind === "source" ? "source" : "user",
      targetId: what.kind === "source" ? what.source : (user?.id ?? null),
      details: { scope: what.kind, email: what.email, source: what.source, lockedAt: row.lockedAt.toISOString() },
      requestId,
    });
    return { unlocked: true };
  }, TX_OPTIONS);
}
