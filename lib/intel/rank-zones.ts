import "server-only";
import { db, type Db } from "@/lib/db/prisma";
import { ringBounds } from "@/lib/zones/zone-geometry";
import { hoursInMonth, SERIOUS_VIOLENT_CRIME_TYPES } from "./crime-row";

export interface ZoneRank {
  zoneId: string;
  name: string;
  locationType: string;
  areaM2: number;
  seriousCrimes: number;
  byType: Record<string, number>;
  /** Serious violent crimes per hour: what one hour of deployment there coincides with on average. */
  perHour: number;
  /** Per km², so a bigger zone is not mistaken for a better one. */
  perKm2: number;
}

/** Serious violent crime per hour, from counts and the hours the months cover. Pure. */
export function seriousCrimePerHour(count: number, months: string[]): number {
  const hours = months.reduce((s, m) => s + hoursInMonth(m), 0);
  return hours > 0 ? count / hours : 0;
}

/** A zone's outline as the SQL below takes it: its bounding box and its edges (i → j, as pointInRing walks them). */
export function zoneEdges(id: string, ring: readonly (readonly number[])[]) {
  const [minLng, minLat, maxLng, maxLat] = ringBounds(ring);
  const xi: number[] = [];
  const yi: number[] = [];
  const xj: number[] = [];
  const yj: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    xi.push(ring[i][0]);
    yi.push(ring[i][1]);
    xj.push(ring[j][0]);
    yj.push(ring[j][1]);
  }
  return { id, minLng, minLat, maxLng, maxLat, xi, yi, xj, yj };
}

/**
 * Ranks the current zones by serious violent crime (violence and sexual offences, robbery,
 * possession of weapons) recorded inside them, per hour of the period the data covers: the
 * formula and its limits are in docs/planning.md. Counted in the database, all zones in one query,
 * with no cap on the number of points: each zone's bounding box picks candidate records through the
 * (lat, lng) index, and the exact point-in-polygon test runs in SQL on those candidates (candidates
 * joined with the zone's edges, crossings counted per record). It is the even-odd ray cast of pointInRing (lib/zones/zone-geometry.ts), edge for edge in the same float8
 * arithmetic, so a point on the line between two zones counts exactly as it did in JavaScript.
 * Embedded Postgres has no PostGIS; this needs none.
 */
export async function rankZones(q: { month?: string; importId?: string }, client: Db = db()) {
  const zones = await client.zone.findMany({
    where: { archivedAt: null },
    select: { id: true, name: true, locationType: true, areaM2: true, geometry: true },
    take: 500,
  });
  const scope = { ...(q.month ? { month: q.month } : {}), ...(q.importId ? { importId: q.importId } : {}) };
  const months = q.month ? [q.month] : (await client.crimeRecord.groupBy({ by: ["month"], where: scope })).map((m) => m.month);
  const counts = zones.length
    ? await countSeriousCrimeInZones(
        client,
        zones.map((z) => zoneEdges(z.id, (z.geometry as { coordinates: number[][][] }).coordinates[0])),
        q,
      )
    : [];
  const byZone = new Map<string, Record<string, number>>();
  for (const c of counts) {
    const byType = byZone.get(c.zoneId) ?? {};
    byType[c.crimeType] = c.n;
    byZone.set(c.zoneId, byType);
  }
  const ranks: ZoneRank[] = zones.map((z) => {
    const byType = byZone.get(z.id) ?? {};
    const count = Object.values(byType).reduce((s, n) => s + n, 0);
    return {
      zoneId: z.id,
      name: z.name,
      locationType: z.locationType,
      areaM2: z.areaM2,
      seriousCrimes: count,
      byType,
      perHour: seriousCrimePerHour(count, months),
      perKm2: count / (z.areaM2 / 1e6),
    };
  });
  ranks.sort((a, b) => b.perHour - a.perHour || b.perKm2 - a.perKm2 || a.name.localeCompare(b.name));
  return { months: [...months].sort(), hours: months.reduce((s, m) => s + hoursInMonth(m), 0), zones: ranks };
}

/** Serious violent crimes per zone and type, counted in SQL (see rankZones). */
export async function countSeriousCrimeInZones(client: Db, zones: ReturnType<typeof zoneEdges>[], q: { month?: string; importId?: string }) {
  return client.$queryRaw<{ zoneId: string; crimeType: string; n: number }[]>`
    WITH z AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(zones)}::jsonb)
        AS z(id text, "minLng" float8, "minLat" float8, "maxLng" float8, "maxLat" float8, xi float8[], yi float8[], xj float8[], yj float8[])
    ), e AS (
      SELECT z.id, e.xi, e.yi, e.xj, e.yj FROM z, unnest(z.xi, z.yi, z.xj, z.yj) AS e(xi, yi, xj, yj)
    ), c AS (
      SELECT z.id, r.id AS rid, r.lng, r.lat, r."crimeType" FROM z
      JOIN "CrimeRecord" r ON r.lat BETWEEN z."minLat" AND z."maxLat" AND r.lng BETWEEN z."minLng" AND z."maxLng"
      WHERE r."crimeType" = ANY(${[...SERIOUS_VIOLENT_CRIME_TYPES]}::text[])
        AND (${q.month ?? null}::text IS NULL OR r.month = ${q.month ?? null}::text)
        AND (${q.importId ?? null}::uuid IS NULL OR r."importId" = ${q.importId ?? null}::uuid)
    ), inside AS (
      -- Even-odd: a point is inside when a ray from it crosses an odd number of edges.
      SELECT c.id, c.rid, c."crimeType" FROM c JOIN e ON e.id = c.id
      WHERE CASE WHEN (e.yi > c.lat) <> (e.yj > c.lat) THEN c.lng < ((e.xj - e.xi) * (c.lat - e.yi)) / (e.yj - e.yi) + e.xi ELSE false END
      GROUP BY c.id, c.rid, c."crimeType"
      HAVING count(*) % 2 = 1
    )
    SELECT id AS "zoneId", "crimeType", count(*)::int AS n FROM inside
    GROUP BY id, "crimeType"`;
}
