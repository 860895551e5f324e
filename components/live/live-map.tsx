"use client";
import { useEffect, useRef } from "react";
import "leaflet/dist/leaflet.css";

export interface MapCamera {
  id: string;
  name: string;
  lat: number;
  lng: number;
  headingDeg: number;
  fovDeg: number;
  rangeM: number;
}

export interface MapAlert {
  id: string;
  cameraId: string;
  label: string;
  open: boolean;
}

/** A wedge polygon for a camera's field of view ([lat, lng] points). */
export function fovWedge(c: MapCamera, steps = 12): [number, number][] {
  const points: [number, number][] = [[c.lat, c.lng]];
  const mPerDegLat = 111_320;
  const mPerDegLng = 111_320 * Math.cos((c.lat * Math.PI) / 180);
  for (let i = 0; i <= steps; i++) {
    const bearing = ((c.headingDeg - c.fovDeg / 2 + (c.fovDeg * i) / steps) * Math.PI) / 180;
    points.push([c.lat + (Math.cos(bearing) * c.rangeM) / mPerDegLat, c.lng + (Math.sin(bearing) * c.rangeM) / mPerDegLng]);
  }
  return points;
}

/**
 * Zones, cameras with their field of view, and alerts at their camera (pulsing until adjudicated).
 * Works offline on a bundled basemap (land outlines from world-atlas); uses a tile server when
 * NEXT_PUBLIC_TILE_URL is set.
 */
export function LiveMap({ zone, cameras, alerts }: { zone: { geometry: unknown; name: string } | null; cameras: MapCamera[]; alerts: MapAlert[] }) {
  const host = useRef<HTMLDivElement>(null);
  const state = useRef<{ L: typeof import("leaflet"); map: import("leaflet").Map; alertLayer: import("leaflet").LayerGroup } | null>(null);

  useEffect(() => {
    let disposed = false;
    let map: import("leaflet").Map | null = null;
    void (async () => {
      const L = (await import("leaflet")).default;
      if (disposed || !host.current) return;
      map = L.map(host.current, { zoomControl: true, attributionControl: true, keyboard: true });
      const tileUrl = process.env.NEXT_PUBLIC_TILE_URL;
      if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 20, attribution: process.env.NEXT_PUBLIC_TILE_ATTRIBUTION ?? "" }).addTo(map);
      else {
        const land = await fetch("/basemap/land-50m.json").then((r) => (r.ok ? r.json() : null)).catch(() => null);
        if (disposed) return;
        if (land) {
          const { feature } = await import("topojson-client");
          L.geoJSON(feature(land, land.objects.land) as never, { style: { color: "#3b5566", weight: 1, fillColor: "#15303f", fillOpacity: 1 } }).addTo(map);
        }
        map.attributionControl.addAttribution("Offline basemap: Natural Earth via world-atlas");
      }
      if (zone) L.geoJSON(zone.geometry as never, { style: { color: "#4ea8de", weight: 2, fillOpacity: 0.08 } }).bindTooltip(zone.name).addTo(map);
      for (const c of cameras) {
        L.polygon(fovWedge(c), { color: "#f4b942", weight: 1, fillOpacity: 0.15 }).addTo(map);
        L.circleMarker([c.lat, c.lng], { radius: 5, color: "#f4b942", fillOpacity: 1 }).bindTooltip(c.name).addTo(map);
      }
      const bounds = zone ? L.geoJSON(zone.geometry as never).getBounds() : cameras.length ? L.latLngBounds(cameras.map((c) => [c.lat, c.lng])) : null;
      if (bounds?.isValid()) map.fitBounds(bounds.pad(0.3));
      else map.setView([51.53, -0.124], 16);
      state.current = { L, map, alertLayer: L.layerGroup().addTo(map) };
    })();
    return () => {
      disposed = true;
      map?.remove();
      state.current = null;
    };
  }, [zone, cameras]);

  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.alertLayer.clearLayers();
    for (const a of alerts) {
      const c = cameras.find((cam) => cam.id === a.cameraId);
      if (!c) continue;
      s.L.circleMarker([c.lat, c.lng], { radius: 11, color: a.open ? "#ef5b5b" : "#4cc38a", weight: 3, fillOpacity: 0.25, className: a.open ? "pulse" : "" })
        .bindTooltip(a.label)
        .addTo(s.alertLayer);
    }
  }, [alerts, cameras]);

  return <div ref={host} className="live-map" role="region" aria-label="Map of the deployment zone, cameras and alerts" />;
}
