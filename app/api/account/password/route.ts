import { changePasswordSchema, type PasswordChangedResponse } from "@/lib/auth/account-schemas";
import { changeOwnPassword } from "@/lib/auth/change-own-password";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";

export const POST = withRoute(
  { action: "me.manage", body: changePasswordSchema, allowRestricted: true },
  async ({ user, body, requestId }) => toWire(await changeOwnPassword(user, body, requestId)) satisfies PasswordChangedResponse,
);
