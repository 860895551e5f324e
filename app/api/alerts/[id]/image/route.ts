import { z } from "zod";
import { readAlertImage } from "@/lib/alerts/read-alert-image";
import { assertAlertAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute(
  {
    action: "alerts.read",
    params: z.object({ id: z.string().uuid() }),
    query: z.object({ kind: z.enum(["probe", "watchlist"]).default("probe") }),
  },
  async ({ params, query, user, requestId }) => {
    await assertAlertAccess(user, params.id, { requestId });
    const bytes = await readAlertImage(params.id, query.kind, user, requestId);
    return new Response(Buffer.from(bytes), {
      headers: { "content-type": "image/jpeg", "cache-control": "private, no-store", "cross-origin-resource-policy": "same-origin" },
    });
  },
);
