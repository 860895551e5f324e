import type { OneTimePasswordResponse } from "@/lib/users/user-schemas";
import { z } from "zod";
import { setOneTimePassword } from "@/lib/auth/set-one-time-password";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: "users.manage", params: z.object({ id: z.string().uuid() }) },
  async ({ params, user, requestId }) => (await setOneTimePassword(params.id, user, requestId)) satisfies OneTimePasswordResponse,
);
