import { sessionIdParams, type SessionEndedResponse } from "@/lib/auth/account-schemas";
import { endOwnSession } from "@/lib/auth/end-own-session";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";

export const DELETE = withRoute(
  { action: "me.manage", params: sessionIdParams },
  async ({ user, params, requestId }) => toWire(await endOwnSession(user, params.id, requestId)) satisfies SessionEndedResponse,
);
