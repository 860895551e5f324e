import { z } from "zod";
import { adjudicateAlert } from "@/lib/alerts/adjudicate-alert";
import { adjudicateSchema } from "@/lib/alerts/alert-schemas";
import { withRoute } from "@/lib/http/with-route";

export const POST = withRoute(
  { action: "alerts.adjudicate", params: z.object({ id: z.string().uuid() }), body: adjudicateSchema },
  async ({ params, body, user, requestId }) => ({ alert: await adjudicateAlert(params.id, body, user, requestId) }),
);
