"use client";
import { createContext, useContext } from "react";
import type * as Leaflet from "leaflet";

export interface MapHandle {
  L: typeof Leaflet;
  map: Leaflet.Map;
}

export const MapContext = createContext<MapHandle | null>(null);

/** The Leaflet module and map of the enclosing <VigilMap>; children render only once it exists. */
export function useLeafletMap(): MapHandle {
  const handle = useContext(MapContext);
  if (!handle) throw new Error("useLeafletMap must be used inside <VigilMap>");
  return handle;
}
