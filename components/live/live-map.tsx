"use client";
import { useMemo } from "react";
import { CamerasLayer, FitTo, GeoJsonLayer, PointsLayer, type MapCamera, type MapPoint } from "@/components/map/layers";
import { VigilMap } from "@/components/map/vigil-map";

export interface MapAlert {
  id: string;
  cameraId: string;
  label: string;
  open: boolean;
}

/** Leaflet tooltips take HTML: references are escaped. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** One marker per camera with alerts: red and pulsing while any is undecided, green once all are. */
export function alertPoints(alerts: MapAlert[], cameras: MapCamera[]): MapPoint[] {
  const perCamera = new Map<string, MapAlert[]>();
  for (const a of alerts) perCamera.set(a.cameraId, [...(perCamera.get(a.cameraId) ?? []), a]);
  const points: MapPoint[] = [];
  for (const [cameraId, list] of perCamera) {
    const c = cameras.find((cam) => cam.id === cameraId);
    if (!c) continue;
    const open = list.some((a) => a.open);
    points.push({
      id: `alerts-${cameraId}`,
      lat: c.lat,
      lng: c.lng,
      radius: 11,
      color: open ? "#ef5b5b" : "#4cc38a",
      className: open ? "pulse alert-marker open" : "alert-marker",
      label:
        list
          .slice(0, 5)
          .map((a) => esc(a.label))
          .join("<br>") + (list.length > 5 ? `<br>+${list.length - 5} more` : ""),
    });
  }
  return points;
}

/**
 * The deployment on the shared map (components/map: offline basemap, or NEXT_PUBLIC_TILE_URL):
 * its zone, its cameras with their field of view, and alerts at their camera, pulsing until
 * adjudicated.
 */
export function LiveMap({
  deploymentId,
  zone,
  cameras,
  alerts,
}: {
  deploymentId: string;
  zone: { geometry: unknown; name: string } | null;
  cameras: MapCamera[];
  alerts: MapAlert[];
}) {
  const zones = useMemo(() => (zone ? [{ id: "zone", geometry: zone.geometry, label: esc(zone.name) }] : []), [zone]);
  const points = useMemo(() => alertPoints(alerts, cameras), [alerts, cameras]);
  return (
    <VigilMap label="Map of the deployment zone, cameras and alerts" className="live-map">
      <GeoJsonLayer items={zones} />
      <CamerasLayer cameras={cameras} />
      <PointsLayer points={points} />
      <FitTo geometry={zone?.geometry} points={cameras.map((c) => [c.lat, c.lng])} fitKey={deploymentId} />
    </VigilMap>
  );
}
