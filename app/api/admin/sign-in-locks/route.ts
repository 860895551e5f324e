import { listSignInLocks } from "@/lib/auth/list-sign-in-locks";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "users.read" }, async () => ({ locks: await listSignInLocks() }));
