import { z } from "zod";
import { setOneTimePassword } from "@/lib/auth/set-one-time-password";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: "users.manage", params: z.object({ id: z.string().uuid() }) },
  async ({ params, user, requestId }) => setOneTimePassword(params.id, user, requestId),
);
