import "server-only";
import { db } from "@/lib/db/prisma";
import { pointInRing, ringBounds } from "@/lib/zones/zone-geometry";
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

/**
 * Ranks the current zones by serious violent crime (violence and sexual offences, robbery,
 * possession of weapons) recorded inside them, per hour of the period the data covers: the
 * formula and its limits are in docs/planning.md. Candidate points are narrowed to each zone's
 * bounding box in the database, then tested against the outline.
 */
export async function rankZones(q: { month?: string; importId?: string }) {
  const zones = await db().zone.findMany({ where: { archivedAt: null }, select: { id: true, name: true, locationType: true, areaM2: true, geometry: true }, take: 500 });
  const scope = { ...(q.month ? { month: q.month } : {}), ...(q.importId ? { importId: q.importId } : {}) };
  const months = q.month ? [q.month] : (await db().crimeRecord.groupBy({ by: ["month"], where: scope })).map((m) => m.month);
  const ranks: ZoneRank[] = [];
  for (const z of zones) {
    const ring = (z.geometry as { coordinates: number[][][] }).coordinates[0];
    const [minLng, minLat, maxLng, maxLat] = ringBounds(ring);
    const points = await db().crimeRecord.findMany({
      where: { ...scope, crimeType: { in: [...SERIOUS_VIOLENT_CRIME_TYPES] }, lng: { gte: minLng, lte: maxLng }, lat: { gte: minLat, lte: maxLat } },
      select: { lng: true, lat: true, crimeType: true },
      take: 200_000,
    });
    const byType: Record<string, number> = {};
    let count = 0;
    for (const p of points) {
      if (!pointInRing(p.lng, p.lat, ring)) continue;
      count++;
      byType[p.crimeType] = (byType[p.crimeType] ?? 0) + 1;
    }
    ranks.push({ zoneId: z.id, name: z.name, locationType: z.locationType, areaM2: z.areaM2, seriousCrimes: count, byType, perHour: seriousCrimePerHour(count, months), perKm2: count / (z.areaM2 / 1e6) });
  }
  ranks.sort((a, b) => b.perHour - a.perHour || b.perKm2 - a.perKm2 || a.name.localeCompare(b.name));
  return { months: [...months].sort(), hours: months.reduce((s, m) => s + hoursInMonth(m), 0), zones: ranks };
}
