import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { createDeployment } from "@/lib/deployments/create-deployment";
import { deploymentInputSchema, listDeploymentsQuery } from "@/lib/deployments/deployment-schemas";
import { listDeployments } from "@/lib/deployments/list-deployments";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "deployments.read", query: listDeploymentsQuery }, async ({ query }) => {
  await closeExpiredDeployments();
  return listDeployments(query);
});

export const POST = withRoute({ action: "deployments.write", body: deploymentInputSchema }, async ({ body, user, requestId }) => ({
  deployment: await createDeployment(body, user, requestId),
}));
