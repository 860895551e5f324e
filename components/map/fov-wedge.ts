/** A camera's field of view as a wedge polygon ([lat, lng] points): apex at the camera. Pure. */
export interface CameraView {
  lat: number;
  lng: number;
  headingDeg: number;
  fovDeg: number;
  rangeM: number;
}

export function fovWedge(c: CameraView, steps = 12): [number, number][] {
  const points: [number, number][] = [[c.lat, c.lng]];
  const mPerDegLat = 111_320;
  const mPerDegLng = 111_320 * Math.cos((c.lat * Math.PI) / 180);
  for (let i = 0; i <= steps; i++) {
    const bearing = ((c.headingDeg - c.fovDeg / 2 + (c.fovDeg * i) / steps) * Math.PI) / 180;
    points.push([c.lat + (Math.cos(bearing) * c.rangeM) / mPerDegLat, c.lng + (Math.sin(bearing) * c.rangeM) / mPerDegLng]);
  }
  return points;
}
