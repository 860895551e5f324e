import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";
import { createZone } from "@/lib/zones/create-zone";
import { listZones } from "@/lib/zones/list-zones";
import { withGeometry } from "@/lib/zones/with-geometry";
import { zoneInputSchema, type ZoneListResponse, type ZoneResponse } from "@/lib/zones/zone-schemas";

const query = z.object({ archived: z.enum(["0", "1"]).default("0") });

export const GET = withRoute(
  { action: "zones.read", query },
  async ({ query }) => ({ zones: toWire(await listZones({ includeArchived: query.archived === "1" })) }) satisfies ZoneListResponse,
);

export const POST = withRoute(
  { action: "zones.write", body: zoneInputSchema },
  async ({ body, user, requestId }) => ({ zone: toWire(withGeometry(await createZone(body, user, requestId))) }) satisfies ZoneResponse,
);
