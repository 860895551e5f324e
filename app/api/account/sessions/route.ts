import type { OwnSessionsResponse } from "@/lib/auth/account-schemas";
import { listOwnSessions } from "@/lib/auth/list-own-sessions";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";

export const GET = withRoute({ action: "me.read" }, async ({ user }) => ({ sessions: toWire(await listOwnSessions(user)) }) satisfies OwnSessionsResponse);
