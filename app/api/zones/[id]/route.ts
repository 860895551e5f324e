import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";
import { archiveZone } from "@/lib/zones/archive-zone";
import { getZone } from "@/lib/zones/get-zone";
import { updateZone } from "@/lib/zones/update-zone";
import { withGeometry } from "@/lib/zones/with-geometry";
import { zoneInputSchema, type ZoneResponse } from "@/lib/zones/zone-schemas";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute(
  { action: "zones.read", params },
  async ({ params }) => ({ zone: toWire(withGeometry(await getZone(params.id))) }) satisfies ZoneResponse,
);

export const PUT = withRoute(
  { action: "zones.write", params, body: zoneInputSchema },
  async ({ params, body, user, requestId }) =>
    ({
      zone: toWire(withGeometry(await updateZone(params.id, body, user, requestId))),
    }) satisfies ZoneResponse,
);

/** Archives the zone (zones are never deleted). */
export const DELETE = withRoute(
  { action: "zones.write", params },
  async ({ params, user, requestId }) => ({ zone: toWire(withGeometry(await archiveZone(params.id, user, requestId))) }) satisfies ZoneResponse,
);
