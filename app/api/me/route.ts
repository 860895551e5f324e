import type { MeResponse } from "@/lib/auth/account-schemas";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute(
  { action: "me.read" },
  async ({ user }) =>
    ({
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    }) satisfies MeResponse,
);
