import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { recordDenial } from "@/lib/audit/record-denial";
import { clientIpFrom, requestIdFrom } from "@/lib/http/request-meta";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { can, type Action } from "./permissions";

/**
 * The one loader every signed-in page calls: anonymous visitors go to sign-in, a role without
 * the page's action gets 403 (and the denial is audited).
 */
export async function requirePageUser(action: Action, path: string): Promise<CurrentUser> {
  const user = await signedInOrRedirect(path);
  if (!can(user.role, action)) {
    const h = await headers();
    await recordDenial({
      user,
      required: action,
      method: "GET",
      path,
      reason: "forbidden",
      requestId: requestIdFrom(h),
      ip: clientIpFrom(h),
    });
    forbidden();
  }
  return user;
}

/** For pages any signed-in role may see. */
export async function requireSignedIn(path: string): Promise<CurrentUser> {
  return signedInOrRedirect(path);
}

/** Anonymous → sign-in; a session still in set-up (one-time password, second factor to enrol) → /account/setup. */
async function signedInOrRedirect(path: string): Promise<CurrentUser> {
  const user = await getCurrentUser({ allowRestricted: true });
  if (!user) redirect(`/signin?next=${encodeURIComponent(path)}`);
  if (user.restriction) redirect("/account/setup");
  return user;
}
