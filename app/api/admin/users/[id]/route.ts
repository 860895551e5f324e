import { toWire } from "@/lib/http/wire";
import type { UserResponse } from "@/lib/users/user-schemas";
import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { updateUser } from "@/lib/users/update-user";
import { updateUserSchema } from "@/lib/users/user-schemas";

export const PATCH = withRoute(
  { action: "users.manage", params: z.object({ id: z.string().uuid() }), body: updateUserSchema },
  async ({ params, body, user, requestId }) => ({ user: toWire(await updateUser(params.id, body, user, requestId)) }) satisfies UserResponse,
);
