import "server-only";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

/** The viewer's poll for the station's answer; a session is visible only to the viewer who opened it. */
export async function readAnswer(sessionId: string, user: CurrentUser) {
  const s = await db().rtcSession.findUnique({ where: { id: sessionId }, select: { answerSdp: true, viewerUserId: true, closedAt: true } });
  if (!s || s.viewerUserId !== user.id) throw notFound("Session");
  return { answerSdp: s.answerSdp, closed: !!s.closedAt };
}
