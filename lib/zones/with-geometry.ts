import type { z } from "zod";
import type { zoneGeometrySchema } from "./zone-schemas";

/**
 * A stored zone row with its `geometry` JSON typed as the outline it is: every write goes through
 * zonePolygonSchema and validateZoneGeometry, so the stored JSON is a Polygon.
 */
export function withGeometry<Z extends { geometry: unknown }>(zone: Z): Omit<Z, "geometry"> & { geometry: z.infer<typeof zoneGeometrySchema> } {
  return zone as Omit<Z, "geometry"> & { geometry: z.infer<typeof zoneGeometrySchema> };
}
