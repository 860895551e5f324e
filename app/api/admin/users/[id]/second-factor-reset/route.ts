import type { SecondFactorResetResponse } from "@/lib/users/user-schemas";
import { z } from "zod";
import { resetSecondFactor } from "@/lib/auth/reset-second-factor";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: "users.manage", params: z.object({ id: z.string().uuid() }) },
  async ({ params, user, requestId }) => (await resetSecondFactor(params.id, user, requestId)) satisfies SecondFactorResetResponse,
);
