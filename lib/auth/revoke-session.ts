import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";

/** Ends one session for good: its cookie is refused from the next request on. */
export async function revokeSession(sid: string, userId: string, reason: string, requestId: string | null = null) {
  await db().$transaction(async (tx) => {
    const session = await tx.userSession.findUnique({ where: { id: sid }, include: { user: true } });
    if (!session || session.userId !== userId || session.revokedAt) return;
    await tx.userSession.update({ where: { id: sid }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, {
      actor: { id: session.user.id, email: session.user.email, role: session.user.role },
      action: "auth.sign_out",
      targetType: "session",
      targetId: sid.slice(0, 8),
      details: { reason },
      requestId,
    });
  }, TX_OPTIONS);
}
