import { z } from "zod";
import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { deploymentInputSchema, type DeploymentDetailResponse, type DeploymentSavedResponse } from "@/lib/deployments/deployment-schemas";
import { getDeployment } from "@/lib/deployments/get-deployment";
import { updateDeployment } from "@/lib/deployments/update-deployment";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute({ action: "deployments.read", params }, async ({ params }) => {
  await closeExpiredDeployments();
  return { deployment: toWire(await getDeployment(params.id)) } satisfies DeploymentDetailResponse;
});

export const PUT = withRoute(
  { action: "deployments.write", params, body: deploymentInputSchema },
  async ({ params, body, user, requestId }) =>
    ({
      deployment: toWire(await updateDeployment(params.id, body, user, requestId)),
    }) satisfies DeploymentSavedResponse,
);
