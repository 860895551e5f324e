import { z } from "zod";
import { getAlert } from "@/lib/alerts/list-alerts";
import { assertAlertAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "alerts.read", params: z.object({ id: z.string().uuid() }) }, async ({ params, user, requestId }) => {
  await assertAlertAccess(user, params.id, { requestId });
  return { alert: await getAlert(params.id) };
});
