import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { createZone } from "@/lib/zones/create-zone";
import { listZones } from "@/lib/zones/list-zones";
import { zoneInputSchema } from "@/lib/zones/zone-schemas";

const query = z.object({ archived: z.enum(["0", "1"]).default("0") });

export const GET = withRoute({ action: "zones.read", query }, async ({ query }) => ({ zones: await listZones({ includeArchived: query.archived === "1" }) }));

export const POST = withRoute({ action: "zones.write", body: zoneInputSchema }, async ({ body, user, requestId }) => ({ zone: await createZone(body, user, requestId) }));
