import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db/prisma";
import { SERIOUS_VIOLENT_CRIME_TYPES } from "./crime-row";
import { SERIOUS, type gridQuery } from "./intel-schemas";

const M_PER_DEG_LAT = 111_320;
export const MAX_GRID_CELLS = 4000;

/** Crime type filter as the list of police.uk types it stands for (null: all). */
export function crimeTypesFor(crimeType: string | undefined): string[] | null {
  if (!crimeType) return null;
  return crimeType === SERIOUS ? [...SERIOUS_VIOLENT_CRIME_TYPES] : [crimeType];
}

/**
 * Street-level crime counted on a grid of square cells (`cell` metres a side, at the box's
 * latitude), filtered by month, crime type and import: the heat layer. Aggregated in the
 * database, so the browser receives at most MAX_GRID_CELLS counts, never the records.
 */
export async function crimeGrid(q: z.infer<typeof gridQuery>) {
  const [minLng, minLat, maxLng, maxLat] = q.bbox ?? [-180, -90, 180, 90];
  const refLat = q.bbox ? (minLat + maxLat) / 2 : 51.5;
  const dLat = q.cell / M_PER_DEG_LAT;
  const dLng = q.cell / (M_PER_DEG_LAT * Math.cos((refLat * Math.PI) / 180));
  const types = crimeTypesFor(q.crimeType);
  const rows = await db().$queryRaw<{ x: number; y: number; n: number }[]>`
    SELECT floor(lng / ${dLng}::float8)::int AS x, floor(lat / ${dLat}::float8)::int AS y, count(*)::int AS n
    FROM "CrimeRecord"
    WHERE (${q.month ?? null}::text IS NULL OR month = ${q.month ?? null}::text)
      AND (${types}::text[] IS NULL OR "crimeType" = ANY(${types}::text[]))
      AND (${q.importId ?? null}::uuid IS NULL OR "importId" = ${q.importId ?? null}::uuid)
      AND lng BETWEEN ${minLng}::float8 AND ${maxLng}::float8 AND lat BETWEEN ${minLat}::float8 AND ${maxLat}::float8
    GROUP BY 1, 2
    ORDER BY n DESC
    LIMIT ${MAX_GRID_CELLS + 1}`;
  const truncated = rows.length > MAX_GRID_CELLS;
  const cells = rows.slice(0, MAX_GRID_CELLS).map((r) => ({
    south: r.y * dLat,
    west: r.x * dLng,
    north: (r.y + 1) * dLat,
    east: (r.x + 1) * dLng,
    count: r.n,
  }));
  return { cellMetres: q.cell, cells, max: cells[0]?.count ?? 0, total: cells.reduce((s, c) => s + c.count, 0), truncated };
}
