import { toWire } from "@/lib/http/wire";
import type { SignInLocksResponse } from "@/lib/users/user-schemas";
import { listSignInLocks } from "@/lib/auth/list-sign-in-locks";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "users.read" }, async () => ({ locks: toWire(await listSignInLocks()) }) satisfies SignInLocksResponse);
