import { z } from "zod";
import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { deploymentInputSchema } from "@/lib/deployments/deployment-schemas";
import { getDeployment } from "@/lib/deployments/get-deployment";
import { updateDeployment } from "@/lib/deployments/update-deployment";
import { withRoute } from "@/lib/http/with-route";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute({ action: "deployments.read", params }, async ({ params }) => {
  await closeExpiredDeployments();
  return { deployment: await getDeployment(params.id) };
});

export const PUT = withRoute({ action: "deployments.write", params, body: deploymentInputSchema }, async ({ params, body, user, requestId }) => ({
  deployment: await updateDeployment(params.id, body, user, requestId),
}));
