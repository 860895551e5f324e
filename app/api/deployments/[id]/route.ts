import { z } from "zod";
import { deploymentInputSchema } from "@/lib/deployments/deployment-schemas";
import { getDeployment, updateDeployment } from "@/lib/deployments/save-deployment";
import { withRoute } from "@/lib/http/with-route";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute({ action: "deployments.read", params }, async ({ params }) => ({ deployment: await getDeployment(params.id) }));

export const PUT = withRoute({ action: "deployments.write", params, body: deploymentInputSchema }, async ({ params, body, user, requestId }) => ({
  deployment: await updateDeployment(params.id, body, user, requestId),
}));
