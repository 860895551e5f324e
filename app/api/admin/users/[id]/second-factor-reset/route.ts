import { z } from "zod";
import { resetSecondFactor } from "@/lib/auth/reset-second-factor";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: "users.manage", params: z.object({ id: z.string().uuid() }) },
  async ({ params, user, requestId }) => resetSecondFactor(params.id, user, requestId),
);
