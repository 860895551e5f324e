/** Area in square metres of a GeoJSON polygon on the WGS84 sphere (outer ring minus holes). */
const EARTH_RADIUS_M = 6_378_137;

function ringArea(ring: number[][]): number {
  let total = 0;
  const n = ring.length;
  if (n < 3) return 0;
  for (let i = 0; i < n; i++) {
    const [lng1, lat1] = ring[i];
    const [lng2, lat2] = ring[(i + 1) % n];
    total += (((lng2 - lng1) * Math.PI) / 180) * (2 + Math.sin((lat1 * Math.PI) / 180) + Math.sin((lat2 * Math.PI) / 180));
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

export function geodesicArea(polygon: { coordinates: number[][][] }): number {
  const [outer, ...holes] = polygon.coordinates;
  return Math.max(0, ringArea(outer) - holes.reduce((sum, h) => sum + ringArea(h), 0));
}
