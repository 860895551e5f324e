import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "./auth-options";
import { validateSession, type SessionUser } from "./validate-session";

export type CurrentUser = SessionUser;

/** The signed-in user for this request, checked against the database (see validateSession). */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  if (!session?.sid || !session.user?.id) return null;
  return validateSession(session.sid, session.user.id);
}
