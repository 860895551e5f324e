import { z } from "zod";
import { STEP_PERMISSIONS } from "@/lib/deployments/deployment-steps";
import { selfTestSchema } from "@/lib/deployments/deployment-schemas";
import { recordSelfTest } from "@/lib/deployments/record-self-test";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: STEP_PERMISSIONS["record-self-test"], params: z.object({ id: z.string().uuid() }), body: selfTestSchema },
  async ({ params, body, user, requestId }) => {
    const d = await recordSelfTest(params.id, body.alertId, user, requestId);
    return { deployment: { id: d.id, status: d.status, selfTestPassedAt: d.selfTestPassedAt } };
  },
);
