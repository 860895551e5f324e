import { withRoute } from "@/lib/http/with-route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { createUserSchema } from "@/lib/users/user-schemas";

export const GET = withRoute({ action: "users.read" }, async () => ({ users: await listUsers() }));

export const POST = withRoute({ action: "users.manage", body: createUserSchema }, async ({ body, user, requestId }) => ({
  user: await createUser(body, user, requestId),
}));
