import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { archiveZone } from "@/lib/zones/archive-zone";
import { getZone } from "@/lib/zones/get-zone";
import { updateZone } from "@/lib/zones/update-zone";
import { zoneInputSchema } from "@/lib/zones/zone-schemas";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute({ action: "zones.read", params }, async ({ params }) => ({ zone: await getZone(params.id) }));

export const PUT = withRoute({ action: "zones.write", params, body: zoneInputSchema }, async ({ params, body, user, requestId }) => ({
  zone: await updateZone(params.id, body, user, requestId),
}));

/** Archives the zone (zones are never deleted). */
export const DELETE = withRoute({ action: "zones.write", params }, async ({ params, user, requestId }) => ({ zone: await archiveZone(params.id, user, requestId) }));
