import { withRoute } from "@/lib/http/with-route";
import { listLiveDeployments } from "@/lib/live/list-live-deployments";

export const GET = withRoute({ action: "live.read" }, async () => ({ deployments: await listLiveDeployments() }));
