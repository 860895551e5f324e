import type { UnlockResponse } from "@/lib/users/user-schemas";
import { unlockSchema } from "@/lib/auth/account-schemas";
import { unlockSignIn } from "@/lib/auth/unlock-sign-in";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: "users.manage", body: unlockSchema },
  async ({ body, user, requestId }) => (await unlockSignIn(body.key, user, requestId)) satisfies UnlockResponse,
);
