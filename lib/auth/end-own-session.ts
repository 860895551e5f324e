import "server-only";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";
import type { CurrentUser } from "./current-user";
import { revokeSession } from "./revoke-session";

/** Ends one of the user's own sessions (any device). Another user's session id is "not found". */
export async function endOwnSession(user: CurrentUser, sid: string, requestId: string) {
  const row = await db().userSession.findUnique({ where: { id: sid }, select: { userId: true, revokedAt: true } });
  if (!row || row.userId !== user.id || row.revokedAt) throw notFound("Session");
  await revokeSession(sid, user.id, sid === user.sid ? "sign_out" : "ended_by_user", requestId);
  return { ended: true, current: sid === user.sid };
}
