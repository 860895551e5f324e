import "server-only";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

/** The viewer hangs up (or gives up waiting): a station never answers a closed offer. Idempotent. */
export async function closeSession(sessionId: string, user: CurrentUser) {
  const s = await db().rtcSession.findUnique({ where: { id: sessionId }, select: { viewerUserId: true, closedAt: true } });
  if (!s || s.viewerUserId !== user.id) throw notFound("Session");
  if (!s.closedAt) await db().rtcSession.update({ where: { id: sessionId }, data: { closedAt: new Date() } });
  return { closed: true };
}
