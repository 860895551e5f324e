import { listOwnSessions } from "@/lib/auth/list-own-sessions";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "me.read" }, async ({ user }) => ({ sessions: await listOwnSessions(user) }));
