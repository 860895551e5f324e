import "server-only";
import { db } from "@/lib/db/prisma";
import type { Role } from "./roles";
import type { SessionRestriction } from "./verify-credentials";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sid: string;
  /** Set while the session may only finish set-up (change a one-time password, enrol a second factor). */
  restriction?: SessionRestriction | null;
  /** Whether the user has a confirmed second factor. */
  hasSecondFactor?: boolean;
}

const TOUCH_INTERVAL_MS = 60_000;

/**
 * A session is valid when its row exists and is not revoked, belongs to the user the token
 * names, the user is active, and the session is newer than the user's `sessionsValidAfter`.
 * The role is read from the database, never trusted from the cookie.
 */
export async function validateSession(sid: string, userId: string, now = new Date()): Promise<SessionUser | null> {
  const row = await db().userSession.findUnique({ where: { id: sid }, include: { user: true } });
  if (!row || row.revokedAt || row.userId !== userId) return null;
  const { user } = row;
  if (!user.active || row.createdAt < user.sessionsValidAfter) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db()
      .userSession.update({ where: { id: row.id }, data: { lastSeenAt: now } })
      .catch(() => {});
  }
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sid: row.id,
    restriction: (row.restriction as SessionRestriction | null) ?? null,
    hasSecondFactor: !!user.totpSecret,
  };
}
