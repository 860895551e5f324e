import { deploymentInputSchema } from "@/lib/deployments/deployment-schemas";
import { createDeployment, listDeployments } from "@/lib/deployments/save-deployment";
import { closeExpiredDeployments } from "@/lib/deployments/transition-deployment";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "deployments.read" }, async () => {
  await closeExpiredDeployments();
  return { deployments: await listDeployments() };
});

export const POST = withRoute({ action: "deployments.write", body: deploymentInputSchema }, async ({ body, user, requestId }) => ({
  deployment: await createDeployment(body, user, requestId),
}));
