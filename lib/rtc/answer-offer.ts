import "server-only";
import { db } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";

/** The camera station's answer. Only the first answer counts; a closed session takes none. */
export async function answerOffer(sessionId: string, sdp: string) {
  const updated = await db().rtcSession.updateMany({ where: { id: sessionId, answerSdp: null, closedAt: null }, data: { answerSdp: sdp } });
  if (updated.count) return { ok: true };
  const exists = await db().rtcSession.findUnique({ where: { id: sessionId }, select: { id: true } });
  if (!exists) throw notFound("Session");
  throw conflict("This offer was already answered or has closed.");
}
