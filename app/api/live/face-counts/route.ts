import { assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { faceCountsSchema, recordFaceCounts } from "@/lib/live/record-face-counts";

export const POST = withRoute({ action: "alerts.post", body: faceCountsSchema }, async ({ body, user, requestId }) => {
  await assertDeploymentAccess(user, body.deploymentId, { requestId });
  return recordFaceCounts(body, user);
});
