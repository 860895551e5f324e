import { geodesicArea } from "@/lib/geo/geodesic-area";

/** Most corners a zone may have. */
export const MAX_ZONE_VERTICES = 200;
/** Smallest zone worth a deployment (a few metres square is a drawing slip, not a zone). */
export const MIN_ZONE_AREA_M2 = 100;

export type Position = [number, number];
export type ZonePolygon = {
  type: "Polygon";
  coordinates: [Position[]];
};

export type ZoneGeometryResult = { ok: true; polygon: ZonePolygon; areaM2: number; vertices: number } | { ok: false; message: string };

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];
const cross = (o: Position, a: Position, b: Position) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const onSegment = (p: Position, q: Position, r: Position) =>
  Math.min(p[0], r[0]) <= q[0] && q[0] <= Math.max(p[0], r[0]) && Math.min(p[1], r[1]) <= q[1] && q[1] <= Math.max(p[1], r[1]);

/** Whether segments p1p2 and q1q2 share any point (touching and collinear overlap included). */
export function segmentsIntersect(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 === 0 && onSegment(q1, p1, q2)) return true;
  if (d2 === 0 && onSegment(q1, p2, q2)) return true;
  if (d3 === 0 && onSegment(p1, q1, p2)) return true;
  if (d4 === 0 && onSegment(p1, q2, p2)) return true;
  return false;
}

/** Signed planar area of a ring in degrees² (positive = counter-clockwise). */
function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

/**
 * First pair of edges that cross or touch other than at their shared corner, or null. Adjacent
 * edges only share their common vertex unless one folds back over the other.
 */
export function findSelfIntersection(ring: Position[]): [number, number] | null {
  const n = ring.length - 1; // edges
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      const [a, b] = [ring[i], ring[i + 1]];
      const [c, d] = [ring[j], ring[j + 1]];
      if (!adjacent) {
        if (segmentsIntersect(a, b, c, d)) return [i, j];
        continue;
      }
      // Adjacent: they share one vertex; they must not overlap along a line (a fold-back).
      const shared = j === i + 1 ? b : a;
      const other1 = j === i + 1 ? a : b;
      const other2 = j === i + 1 ? d : c;
      if (cross(shared, other1, other2) === 0) {
        const v1 = [other1[0] - shared[0], other1[1] - shared[1]];
        const v2 = [other2[0] - shared[0], other2[1] - shared[1]];
        if (v1[0] * v2[0] + v1[1] * v2[1] > 0) return [i, j];
      }
    }
  }
  return null;
}

/**
 * Server-side checks of a drawn zone: one closed ring (no holes), 3 to 200 distinct corners,
 * coordinates in range, no repeated consecutive corner, not crossing itself or the antimeridian,
 * and an area between MIN_ZONE_AREA_M2 and `maxAreaM2` (a larger zone is not "targeted").
 * Returns the polygon with its ring counter-clockwise (RFC 7946) and its geodesic area. Pure.
 */
export function validateZoneGeometry(rings: readonly (readonly (readonly number[])[])[], maxAreaM2: number): ZoneGeometryResult {
  if (rings.length !== 1) return { ok: false, message: "A zone is one outline without holes (exactly one ring)." };
  const raw = rings[0];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i];
    if (p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      return { ok: false, message: `Point ${i + 1} is not a [longitude, latitude] pair of numbers.` };
    if (p[0] < -180 || p[0] > 180) return { ok: false, message: `Point ${i + 1}: longitude ${p[0]} is outside -180..180.` };
    if (p[1] < -90 || p[1] > 90) return { ok: false, message: `Point ${i + 1}: latitude ${p[1]} is outside -90..90.` };
  }
  const ring = raw.map((p) => [p[0], p[1]] as Position);
  if (ring.length < 2 || !same(ring[0], ring[ring.length - 1]))
    return { ok: false, message: "The outline is not closed: its last point must repeat the first." };
  const vertices = ring.length - 1;
  if (vertices > MAX_ZONE_VERTICES) return { ok: false, message: `A zone has at most ${MAX_ZONE_VERTICES} corners; this one has ${vertices}.` };
  for (let i = 1; i < ring.length; i++) {
    if (same(ring[i], ring[i - 1])) return { ok: false, message: `Point ${i + 1} repeats the point before it.` };
    if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) return { ok: false, message: "A zone cannot cross the antimeridian." };
  }
  if (new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)).size < 3 || vertices < 3)
    return { ok: false, message: "A zone needs at least 3 distinct corners." };
  const crossing = findSelfIntersection(ring);
  if (crossing)
    return { ok: false, message: `The outline crosses itself (edge ${crossing[0] + 1} meets edge ${crossing[1] + 1}); redraw it without crossing lines.` };
  const ccw = signedArea(ring) > 0 ? ring : [...ring].reverse();
  const polygon: ZonePolygon = { type: "Polygon", coordinates: [ccw] };
  const areaM2 = geodesicArea(polygon);
  if (areaM2 < MIN_ZONE_AREA_M2)
    return { ok: false, message: `The zone covers ${Math.round(areaM2)} m²; at least ${MIN_ZONE_AREA_M2} m² is needed (is it a drawing slip?).` };
  if (areaM2 > maxAreaM2) {
    return {
      ok: false,
      message: `The zone covers ${formatArea(areaM2)}, more than the ${formatArea(maxAreaM2)} allowed: a deployment zone must be targeted. Draw a smaller area around the specific location.`,
    };
  }
  return { ok: true, polygon, areaM2, vertices };
}

export function formatArea(m2: number): string {
  return m2 >= 100_000 ? `${(m2 / 1_000_000).toFixed(2)} km²` : `${Math.round(m2).toLocaleString("en-GB")} m²`;
}

/** Ray-casting point-in-polygon on [lng, lat] (outer ring only). */
export function pointInRing(lng: number, lat: number, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** [minLng, minLat, maxLng, maxLat] of a ring. */
export function ringBounds(ring: readonly (readonly number[])[]): [number, number, number, number] {
  let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    a = Math.min(a, x);
    b = Math.min(b, y);
    c = Math.max(c, x);
    d = Math.max(d, y);
  }
  return [a, b, c, d];
}
