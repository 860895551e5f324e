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
