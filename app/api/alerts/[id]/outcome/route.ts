import { z } from "zod";
import { recordAlertOutcome } from "@/lib/alerts/adjudicate-alert";
import { outcomeSchema } from "@/lib/alerts/alert-schemas";
import { assertAlertAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: "alerts.adjudicate", params: z.object({ id: z.string().uuid() }), body: outcomeSchema },
  async ({ params, body, user, requestId }) => {
    await assertAlertAccess(user, params.id, { requestId });
    return { alert: await recordAlertOutcome(params.id, body, user, requestId) };
  },
);
