import { accessibleDeploymentIds } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { listLiveDeployments } from "@/lib/live/list-live-deployments";

/** The running deployments whose roster includes the caller (all of them for oversight roles). */
export const GET = withRoute({ action: "live.read" }, async ({ user }) => {
  const scope = await accessibleDeploymentIds(user);
  const deployments = await listLiveDeployments();
  return { deployments: scope ? deployments.filter((d) => scope.includes(d.id)) : deployments };
});
