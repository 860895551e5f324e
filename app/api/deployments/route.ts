import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { createDeployment } from "@/lib/deployments/create-deployment";
import { deploymentInputSchema, listDeploymentsQuery, type DeploymentListResponse, type DeploymentSavedResponse } from "@/lib/deployments/deployment-schemas";
import { listDeployments } from "@/lib/deployments/list-deployments";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";

export const GET = withRoute({ action: "deployments.read", query: listDeploymentsQuery }, async ({ query }) => {
  await closeExpiredDeployments();
  return toWire(await listDeployments(query)) satisfies DeploymentListResponse;
});

export const POST = withRoute(
  { action: "deployments.write", body: deploymentInputSchema },
  async ({ body, user, requestId }) =>
    ({
      deployment: toWire(await createDeployment(body, user, requestId)),
    }) satisfies DeploymentSavedResponse,
);
