import { z } from "zod";
import { getAlert } from "@/lib/alerts/list-alerts";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "alerts.read", params: z.object({ id: z.string().uuid() }) }, async ({ params }) => ({
  alert: await getAlert(params.id),
}));
