import { z } from "zod";
import { CRIME_TYPES } from "./crime-row";

export const SERIOUS = "SERIOUS_VIOLENT";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM");
const crimeType = z.enum([SERIOUS, ...CRIME_TYPES]);

export const importQuery = z.object({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\\u0000-\u001f]+$/, "must be a plain file name"),
});

export const gridQuery = z.object({
  month: month.optional(),
  crimeType: crimeType.optional(),
  importId: z.string().uuid().optional(),
  /** Cell size in metres. */
  cell: z.coerce.number().int().min(25).max(5000).default(150),
  /** minLng,minLat,maxLng,maxLat */
  bbox: z
    .string()
    .max(120)
    .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, "must be minLng,minLat,maxLng,maxLat")
    .transform((s) => s.split(",").map(Number) as [number, number, number, number])
    .refine(([a, b, c, d]) => a < c && b < d && a >= -180 && c <= 180 && b >= -90 && d <= 90, "must be a valid box")
    .refine(([a, b, c, d]) => c - a <= 5 && d - b <= 5, "at most 5 degrees across")
    .optional(),
});

export const rankingQuery = z.object({
  month: month.optional(),
  importId: z.string().uuid().optional(),
});

export const facetsQuery = z.object({ importId: z.string().uuid().optional() });

// ───────────────────────────── Responses (the wire shape; dates as ISO strings) ─────────────────────────────

const iso = z.string().datetime({ offset: true });

export const crimeImportViewSchema = z.object({
  id: z.string().uuid(),
  fileName: z.string(),
  rowsRead: z.number().int(),
  rowsAccepted: z.number().int(),
  rowsRejected: z.number().int(),
  createdAt: iso,
  finishedAt: iso.nullable(),
});
export type CrimeImportView = z.infer<typeof crimeImportViewSchema>;

/** GET /api/intel/facets: months and crime types present (with counts), and the imports. */
export const facetsResponseSchema = z.object({
  months: z.array(z.object({ month: z.string(), count: z.number().int() })),
  crimeTypes: z.array(z.object({ crimeType: z.string(), count: z.number().int() })),
  imports: z.array(crimeImportViewSchema),
});
export type FacetsResponse = z.infer<typeof facetsResponseSchema>;

/** GET /api/intel/imports. */
export const importsResponseSchema = z.object({ imports: z.array(crimeImportViewSchema) });
export type ImportsResponse = z.infer<typeof importsResponseSchema>;

/** GET /api/intel/grid: crime counts on a square grid for the heat layer. */
export const gridResponseSchema = z.object({
  cellMetres: z.number(),
  cells: z.array(z.object({ south: z.number(), west: z.number(), north: z.number(), east: z.number(), count: z.number().int() })),
  max: z.number().int(),
  total: z.number().int(),
  truncated: z.boolean(),
});
export type GridResponse = z.infer<typeof gridResponseSchema>;

/** GET /api/intel/ranking: zones by serious violent crime per hour of deployment. */
export const rankingResponseSchema = z.object({
  months: z.array(z.string()),
  hours: z.number(),
  zones: z.array(
    z.object({
      zoneId: z.string().uuid(),
      name: z.string(),
      areaM2: z.number(),
      seriousCrimes: z.number().int(),
      byType: z.record(z.string(), z.number()),
      perHour: z.number(),
      perKm2: z.number(),
    }),
  ),
});
export type RankingResponse = z.infer<typeof rankingResponseSchema>;

/** The last NDJSON line of POST /api/intel/imports: what the import did. */
export const importResultSchema = z.object({
  importId: z.string().uuid(),
  fileName: z.string(),
  rowsRead: z.number().int(),
  rowsAccepted: z.number().int(),
  rowsRejected: z.number().int(),
  rejections: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  error: z.string().nullable(),
  ms: z.number(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** Each NDJSON line the import streams. */
export const importLineSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("started"), importId: z.string().uuid() }),
  z.object({ type: z.literal("progress"), rowsRead: z.number().int(), rowsAccepted: z.number().int(), rowsRejected: z.number().int() }),
  z.object({ type: z.literal("done"), result: importResultSchema }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type ImportLine = z.infer<typeof importLineSchema>;
