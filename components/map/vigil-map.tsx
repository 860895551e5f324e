"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import "leaflet/dist/leaflet.css";
import { addBasemap, BASE_PANE } from "./basemap";
import { MapContext, type MapHandle } from "./map-context";
import "./map.css";

export interface VigilMapProps {
  /** Accessible name of the map region. */
  label: string;
  /** Where the map opens ([lat, lng]) and at which zoom, until a layer fits it elsewhere. */
  center?: [number, number];
  zoom?: number;
  className?: string;
  /** Layers (components from ./layers) and controls that use the map. */
  children?: ReactNode;
  /** Shows a crosshair at the centre (for placing points with the keyboard). */
  crosshair?: boolean;
  /** Load the polygon drawing and editing tools (leaflet-geoman) with the map. */
  drawing?: boolean;
}

/**
 * A Leaflet map as a generic client component: Leaflet is loaded in the browser only, the
 * basemap works offline (see ./basemap), and everything drawn on it is a child layer component
 * that adds itself on mount and removes itself on unmount. Keyboard: focus the map, then the
 * arrow keys pan and + / - zoom (Leaflet's keyboard handler).
 */
export function VigilMap({ label, center = [51.5309, -0.1235], zoom = 16, className, children, crosshair, drawing = false }: VigilMapProps) {
  const host = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<MapHandle | null>(null);
  const initial = useRef({ center, zoom, drawing });

  useEffect(() => {
    let disposed = false;
    let map: import("leaflet").Map | null = null;
    void (async () => {
      const L = (await import("leaflet")).default;
      if (initial.current.drawing) {
        // leaflet-geoman extends the global L and hooks into maps created after it loads.
        (window as unknown as { L: typeof L }).L = L;
        await import("@geoman-io/leaflet-geoman-free");
      }
      if (disposed || !host.current) return;
      map = L.map(host.current, { zoomControl: true, attributionControl: true, keyboard: true, keyboardPanDelta: 60, zoomSnap: 0.5 });
      map.setView(initial.current.center, initial.current.zoom);
      map.attributionControl.setPrefix(false);
      // The offline basemap has its own pane under the overlays, so it can arrive after them.
      map.createPane(BASE_PANE).style.zIndex = "250";
      setHandle({ L, map });
      await addBasemap(L, map, () => disposed);
    })();
    return () => {
      disposed = true;
      setHandle(null);
      map?.remove();
    };
  }, []);

  return (
    <div className={`vigil-map ${className ?? ""}`}>
      <div ref={host} className="vigil-map-canvas" role="region" aria-label={label} tabIndex={0} />
      {crosshair && <div className="vigil-map-crosshair" aria-hidden="true" />}
      {!handle && (
        <p className="vigil-map-loading muted" aria-busy="true">
          Loading map…
        </p>
      )}
      {handle && <MapContext.Provider value={handle}>{children}</MapContext.Provider>}
    </div>
  );
}
