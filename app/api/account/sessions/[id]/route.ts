import { sessionIdParams } from "@/lib/auth/account-schemas";
import { endOwnSession } from "@/lib/auth/end-own-session";
import { withRoute } from "@/lib/http/with-route";

export const DELETE = withRoute({ action: "me.manage", params: sessionIdParams }, async ({ user, params, requestId }) =>
  endOwnSession(user, params.id, requestId),
);
