"use client";
import type * as Leaflet from "leaflet";

export const SCHEMATIC_URL = "/basemap/kings-cross-schematic.geojson";
export const LAND_URL = "/basemap/land-50m.json";
/** Leaflet pane of the offline basemap (below the overlay pane). */
export const BASE_PANE = "vigilBase";

interface SchematicProps {
  kind: "road" | "major-road" | "station" | "building" | "water" | "note";
  name: string;
}

const STYLE: Record<SchematicProps["kind"], Leaflet.PathOptions> = {
  "major-road": { color: "#7c8da0", weight: 6, opacity: 0.9 },
  road: { color: "#5f7083", weight: 3, opacity: 0.9 },
  station: { color: "#9a8cc8", weight: 1, fillColor: "#3d3560", fillOpacity: 0.85 },
  building: { color: "#6f7f8f", weight: 1, fillColor: "#2a3642", fillOpacity: 0.85 },
  water: { color: "#2f6f9a", weight: 4, opacity: 0.8 },
  note: { color: "#9fb0c0", weight: 1, dashArray: "4 4", fill: false },
};

async function json(url: string): Promise<unknown | null> {
  try {
    const r = await fetch(url);
    return r.ok ? await r.json() : null;
  } catch {
    return null;
  }
}

/**
 * The map's background. With NEXT_PUBLIC_TILE_URL set, that raster tile server (attribution from
 * NEXT_PUBLIC_TILE_ATTRIBUTION). Otherwise an offline basemap that needs no network: land and
 * coast outlines (Natural Earth via the world-atlas package) and a hand-drawn, clearly labelled
 * schematic of the streets and stations around the demo zone at King's Cross.
 */
export async function addBasemap(L: typeof Leaflet, map: Leaflet.Map, isDisposed: () => boolean): Promise<void> {
  const tileUrl = process.env.NEXT_PUBLIC_TILE_URL;
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 20, attribution: process.env.NEXT_PUBLIC_TILE_ATTRIBUTION ?? "" }).addTo(map);
    return;
  }
  const [land, schematic] = await Promise.all([json(LAND_URL), json(SCHEMATIC_URL)]);
  if (isDisposed()) return;
  if (land) {
    const { feature } = await import("topojson-client");
    if (isDisposed()) return;
    const topo = land as Parameters<typeof feature>[0] & { objects: Record<string, Parameters<typeof feature>[1]> };
    L.geoJSON(feature(topo, topo.objects.land) as never, {
      pane: BASE_PANE,
      interactive: false,
      style: { color: "#3b5566", weight: 1, fillColor: "#132634", fillOpacity: 1 },
    }).addTo(map);
  }
  if (schematic) {
    L.geoJSON(schematic as never, {
      pane: BASE_PANE,
      interactive: false,
      style: (f) => STYLE[(f?.properties as SchematicProps | undefined)?.kind ?? "road"] ?? STYLE.road,
      onEachFeature: (f, layer) => {
        const p = f.properties as SchematicProps;
        if (!p?.name) return;
        if (p.kind === "note") {
          // The disclaimer sits inside the outline's north-west corner, clear of the station labels.
          const corner = (layer as Leaflet.Polygon).getBounds().getNorthWest();
          L.tooltip({ permanent: true, direction: "right", className: "map-label", opacity: 1, offset: [4, 10] })
            .setLatLng(corner)
            .setContent(p.name)
            .addTo(map);
          return;
        }
        // Not interactive (clicks go to the map, for drawing): names are permanent labels.
        const major = p.kind === "station" || p.kind === "major-road";
        layer.bindTooltip(p.name, { permanent: true, direction: "center", className: major ? "map-label" : "map-label minor", opacity: 1 });
      },
    }).addTo(map);
  }
  map.attributionControl.addAttribution("Offline basemap: Natural Earth (world-atlas); King's Cross streets are a hand-drawn schematic, not survey data");
}
