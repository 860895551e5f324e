import { z } from "zod";
import { MAX_ZONE_VERTICES } from "./zone-geometry";

export const LOCATION_TYPES = ["CRIME_HOTSPOT", "EVENT", "CRITICAL_INFRASTRUCTURE", "PERSON_INTELLIGENCE"] as const;
export const locationTypeSchema = z.enum(LOCATION_TYPES);

/** GeoJSON Polygon as sent by the map: bounded sizes, checked further by validateZoneGeometry. */
export const zonePolygonSchema = z
  .object({
    type: z.literal("Polygon"),
    coordinates: z
      .array(
        z
          .array(z.array(z.number()).length(2, "a position is [longitude, latitude]"))
          .min(4, "a ring needs at least 4 positions (3 corners and the closing point)")
          .max(MAX_ZONE_VERTICES + 1, `at most ${MAX_ZONE_VERTICES} corners`),
      )
      .min(1)
      .max(1, "a zone is one outline without holes"),
  })
  .strict();

export const zoneInputSchema = z
  .object({
    name: z.string().trim().min(3).max(120),
    locationType: locationTypeSchema,
    rationale: z.string().trim().min(20, "explain in at least 20 characters why this location").max(4000),
    area: z.string().trim().max(120).optional(),
    geometry: zonePolygonSchema,
  })
  .strict();

export type ZoneInput = z.infer<typeof zoneInputSchema>;

export const LOCATION_TYPE_LABELS: Record<(typeof LOCATION_TYPES)[number], string> = {
  CRIME_HOTSPOT: "Crime hotspot and its access routes",
  EVENT: "Event protection",
  CRITICAL_INFRASTRUCTURE: "Critical infrastructure protection",
  PERSON_INTELLIGENCE: "Intelligence on a person's likely location",
};

// ───────────────────────────── Responses (the wire shape; dates as ISO strings) ─────────────────────────────

const iso = z.string().datetime({ offset: true });

export type ZonePolygon = z.infer<typeof zonePolygonSchema>;
/** A zone's outline as stored (validated on the way in, so the stored JSON is a ZonePolygon). */
export const zoneGeometrySchema = z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) });
export type Ring = [number, number][];

/** A zone as GET /api/zones lists it (with how many deployments use it). */
export const zoneViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  locationType: locationTypeSchema,
  rationale: z.string(),
  area: z.string().nullable(),
  geometry: zoneGeometrySchema,
  areaM2: z.number(),
  createdAt: iso,
  archivedAt: iso.nullable(),
});
export type ZoneView = z.infer<typeof zoneViewSchema>;

export const zoneListItemSchema = zoneViewSchema.extend({ deployments: z.number().int().min(0) });
export type ZoneListItem = z.infer<typeof zoneListItemSchema>;

export const zoneListResponseSchema = z.object({ zones: z.array(zoneListItemSchema) });
export type ZoneListResponse = z.infer<typeof zoneListResponseSchema>;

/** POST, PUT, DELETE /api/zones[/id]: the zone as it now stands. */
export const zoneResponseSchema = z.object({ zone: zoneViewSchema });
export type ZoneResponse = z.infer<typeof zoneResponseSchema>;
