import { changePasswordSchema } from "@/lib/auth/account-schemas";
import { changeOwnPassword } from "@/lib/auth/change-own-password";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute({ action: "me.manage", body: changePasswordSchema, allowRestricted: true }, async ({ user, body, requestId }) =>
  changeOwnPassword(user, body, requestId),
);
