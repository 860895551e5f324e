import { toWire } from "@/lib/http/wire";
import type { UserListResponse, UserResponse } from "@/lib/users/user-schemas";
import { withRoute } from "@/lib/http/with-route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { createUserSchema } from "@/lib/users/user-schemas";

export const GET = withRoute({ action: "users.read" }, async () => ({ users: toWire(await listUsers()) }) satisfies UserListResponse);

export const POST = withRoute(
  { action: "users.manage", body: createUserSchema },
  async ({ body, user, requestId }) =>
    ({
      user: toWire(await createUser(body, user, requestId)),
    }) satisfies UserResponse,
);
