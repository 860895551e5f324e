"use client";
import { useCallback, useEffect } from "react";
import { useLatest } from "@/lib/client/use-latest";
import type * as Leaflet from "leaflet";
import { fovWedge, type CameraView } from "./fov-wedge";
import { useLeafletMap } from "./map-context";

type LayerBuilder = (L: typeof Leaflet, map: Leaflet.Map) => Leaflet.Layer | null;

/** Adds what `build` makes while mounted (rebuilt when `build` changes: memoise it) and removes it after. */
function useLayer(build: LayerBuilder) {
  const { L, map } = useLeafletMap();
  useEffect(() => {
    const layer = build(L, map);
    layer?.addTo(map);
    return () => {
      layer?.remove();
    };
  }, [L, map, build]);
}

export interface GeoJsonItem {
  id: string;
  geometry: unknown;
  label?: string;
  /** A class on the path (colour/emphasis come from CSS classes: no inline styles). */
  className?: string;
  color?: string;
}

/** Polygons (zones) with tooltips; clicking one calls onSelect. */
export function GeoJsonLayer({
  items,
  onSelect,
  weight = 2,
  fillOpacity = 0.12,
}: {
  items: GeoJsonItem[];
  onSelect?: (id: string) => void;
  weight?: number;
  fillOpacity?: number;
}) {
  const select = useLatest(onSelect);
  useLayer(
    useCallback<LayerBuilder>(
      (L) => {
        const group = L.featureGroup();
        for (const item of items) {
          const layer = L.geoJSON(item.geometry as never, { style: { color: item.color ?? "#4ea8de", weight, fillOpacity, className: item.className } });
          if (item.label) layer.bindTooltip(item.label, { sticky: true });
          layer.on("click", () => select.current?.(item.id));
          group.addLayer(layer);
        }
        return group;
      },
      [items, weight, fillOpacity, select],
    ),
  );
  return null;
}

export interface MapPoint {
  id: string;
  lat: number;
  lng: number;
  label: string;
  color?: string;
  radius?: number;
  className?: string;
}

/** Circle markers (no image markers: they need no PNGs and obey the CSP). */
export function PointsLayer({ points, onSelect }: { points: MapPoint[]; onSelect?: (id: string) => void }) {
  const select = useLatest(onSelect);
  useLayer(
    useCallback<LayerBuilder>(
      (L) => {
        const group = L.featureGroup();
        for (const p of points) {
          L.circleMarker([p.lat, p.lng], { radius: p.radius ?? 6, color: p.color ?? "#f4b942", weight: 2, fillOpacity: 0.9, className: p.className })
            .bindTooltip(p.label)
            .on("click", () => select.current?.(p.id))
            .addTo(group);
        }
        return group;
      },
      [points, select],
    ),
  );
  return null;
}

export interface MapCamera extends CameraView {
  id: string;
  name: string;
}

/** Cameras: a dot at the camera and a wedge for its field of view and range. */
export function CamerasLayer({ cameras, color = "#f4b942" }: { cameras: MapCamera[]; color?: string }) {
  useLayer(
    useCallback<LayerBuilder>(
      (L) => {
        const group = L.featureGroup();
        for (const c of cameras) {
          L.polygon(fovWedge(c), { color, weight: 1, fillOpacity: 0.18, interactive: false }).addTo(group);
          L.circleMarker([c.lat, c.lng], { radius: 5, color, fillOpacity: 1 })
            .bindTooltip(`${c.name}: heading ${Math.round(c.headingDeg)}°, ${Math.round(c.fovDeg)}° view, ${Math.round(c.rangeM)} m`)
            .addTo(group);
        }
        return group;
      },
      [cameras, color],
    ),
  );
  return null;
}

export interface HeatCell {
  south: number;
  west: number;
  north: number;
  east: number;
  count: number;
}

/** Counts on a grid as shaded squares (a heat layer computed by the server), opacity by count. */
export function HeatGridLayer({ cells, max, label }: { cells: HeatCell[]; max: number; label: string }) {
  useLayer(
    useCallback<LayerBuilder>(
      (L) => {
        if (!cells.length) return null;
        const group = L.featureGroup();
        const renderer = L.canvas({ padding: 0.2 });
        for (const c of cells) {
          const t = Math.sqrt(c.count / Math.max(1, max));
          L.rectangle(
            [
              [c.south, c.west],
              [c.north, c.east],
            ],
            { renderer, stroke: false, fillColor: t > 0.66 ? "#ef5b5b" : t > 0.33 ? "#f4934a" : "#f4d35e", fillOpacity: 0.15 + 0.6 * t, interactive: true },
          )
            .bindTooltip(`${c.count} ${label}`)
            .addTo(group);
        }
        return group;
      },
      [cells, max, label],
    ),
  );
  return null;
}

/** Fits the map to a GeoJSON geometry or [lat, lng] points whenever `fitKey` changes. */
export function FitTo({
  geometry,
  points,
  fitKey,
  maxZoom = 17,
}: {
  geometry?: unknown;
  points?: [number, number][];
  fitKey: string | null;
  maxZoom?: number;
}) {
  const { L, map } = useLeafletMap();
  // Only a new fitKey moves the map; the shapes it fits are read as they are then.
  const target = useLatest({ geometry, points, maxZoom });
  useEffect(() => {
    if (!fitKey) return;
    const { geometry, points, maxZoom } = target.current;
    let bounds: Leaflet.LatLngBounds | null = null;
    if (geometry) bounds = L.geoJSON(geometry as never).getBounds();
    else if (points?.length) bounds = L.latLngBounds(points);
    if (bounds?.isValid()) map.fitBounds(bounds.pad(0.25), { maxZoom });
  }, [fitKey, L, map, target]);
  return null;
}

/** Reports the visible box and zoom after each move (for layers fetched per view). */
export function ViewWatcher({ onView }: { onView: (view: { bbox: [number, number, number, number]; zoom: number; center: [number, number] }) => void }) {
  const { map } = useLeafletMap();
  const report = useLatest(onView);
  useEffect(() => {
    const emit = () => {
      const b = map.getBounds();
      const c = map.getCenter();
      report.current({ bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom: map.getZoom(), center: [c.lat, c.lng] });
    };
    emit();
    map.on("moveend", emit);
    return () => {
      map.off("moveend", emit);
    };
  }, [map, report]);
  return null;
}
