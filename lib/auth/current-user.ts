import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "./auth-options";
import { validateSession, type SessionUser } from "./validate-session";

export type CurrentUser = SessionUser;

/**
 * The signed-in user for this request, checked against the database (see validateSession).
 * A session still in set-up (one-time password to change, second factor to enrol) counts as
 * signed out everywhere except where `allowRestricted` is passed (the account set-up page and
 * the routes it calls).
 */
export async function getCurrentUser(options: { allowRestricted?: boolean } = {}): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  if (!session?.sid || !session.user?.id) return null;
  const user = await validateSession(session.sid, session.user.id);
  if (user?.restriction && !options.allowRestricted) return null;
  return user;
}
