"use client";
import { useEffect, useState } from "react";
import { useLatest } from "@/lib/client/use-latest";
import type * as Leaflet from "leaflet";
import "@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css";
import { useLeafletMap } from "./map-context";

/** A closed [lng, lat] ring (GeoJSON order), first point repeated last. */
export type Ring = [number, number][];

interface PmMap {
  enableDraw(shape: "Polygon", options?: Record<string, unknown>): void;
  disableDraw(): void;
  Draw: { Polygon?: { _finishShape?: () => void; _layer?: { getLatLngs(): unknown[] } } };
}
interface PmLayer {
  enable(options?: Record<string, unknown>): void;
  disable(): void;
}

function toRing(layer: Leaflet.Polygon): Ring {
  const raw = layer.getLatLngs() as Leaflet.LatLng[] | Leaflet.LatLng[][];
  const outer = (Array.isArray(raw[0]) ? raw[0] : raw) as Leaflet.LatLng[];
  const ring: Ring = outer.map((p) => [Number(p.lng.toFixed(7)), Number(p.lat.toFixed(7))]);
  if (ring.length && (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1])) ring.push([...ring[0]] as [number, number]);
  return ring;
}

const sameRing = (a: Ring | null, b: Ring | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Draw and edit one zone outline on the enclosing <VigilMap drawing>. With the mouse: "Draw
 * outline", click each corner, then click the first corner (or "Finish") to close; drag the
 * corners to edit (leaflet-geoman). With the keyboard: pan the map with the arrow keys so the
 * crosshair is on a corner and press "Add corner at centre", then "Close outline".
 */
export function DrawPolygon({
  value,
  onChange,
  editable = true,
  label = "zone",
}: {
  value: Ring | null;
  onChange: (ring: Ring | null) => void;
  editable?: boolean;
  label?: string;
}) {
  const { L, map } = useLeafletMap();
  const pm = (map as unknown as { pm?: PmMap }).pm;
  const [drawing, setDrawing] = useState(false);
  const [corners, setCorners] = useState<[number, number][]>([]);
  const [hint, setHint] = useState<string | null>(null);
  // The outline this component last emitted (so our own edits do not rebuild the layer).
  const [emitted, setEmitted] = useState<Ring | null>(null);
  const change = useLatest(onChange);
  const current = useLatest(value);

  // Mouse drawing through geoman.
  useEffect(() => {
    if (!pm) return;
    const onCreate = (e: { layer: Leaflet.Polygon }) => {
      const ring = toRing(e.layer);
      e.layer.remove();
      setEmitted(ring);
      setDrawing(false);
      change.current(ring);
    };
    map.on("pm:create", onCreate as never);
    return () => {
      map.off("pm:create", onCreate as never);
    };
  }, [map, pm, change]);

  useEffect(() => {
    if (!pm) return;
    if (drawing) {
      pm.enableDraw("Polygon", { allowSelfIntersection: false, snappable: false, continueDrawing: false, tooltips: true, pathOptions: { color: "#4ea8de" } });
      return () => pm.disableDraw();
    }
  }, [drawing, pm]);

  // The current outline, editable by dragging its corners. Rebuilt when the outline comes from
  // outside (a zone opened for editing, a cleared outline); our own edits are already on it.
  const outlineKey = !value ? "none" : sameRing(value, emitted) ? "own" : JSON.stringify(value);
  useEffect(() => {
    const value = current.current;
    if (!value) return;
    const layer = L.polygon(
      value.slice(0, -1).map(([lng, lat]) => [lat, lng] as [number, number]),
      { color: "#4ea8de", weight: 3, fillOpacity: 0.15, className: "drawn-zone" },
    ).addTo(map);
    const lpm = (layer as unknown as { pm?: PmLayer }).pm;
    if (editable && lpm) {
      lpm.enable({ allowSelfIntersection: false, snappable: false });
      layer.on("pm:edit", () => {
        const ring = toRing(layer);
        setEmitted(ring);
        change.current(ring);
      });
    }
    return () => {
      lpm?.disable();
      layer.remove();
    };
  }, [L, map, editable, outlineKey, current, change]);

  // Keyboard corners as a dashed line.
  useEffect(() => {
    if (!corners.length) return;
    const group = L.featureGroup([
      L.polyline(corners, { color: "#4ea8de", weight: 2, dashArray: "6 4" }),
      ...corners.map((c) => L.circleMarker(c, { radius: 4, color: "#4ea8de", fillOpacity: 1 })),
    ]).addTo(map);
    return () => {
      group.remove();
    };
  }, [L, map, corners]);

  const finish = () => {
    const poly = pm?.Draw.Polygon;
    const n = poly?._layer?.getLatLngs().length ?? 0;
    if (n < 3 || !poly?._finishShape) {
      setHint("Click at least three corners first; then click the first corner or Finish.");
      return;
    }
    poly._finishShape();
  };
  const addCorner = () => {
    const c = map.getCenter();
    setCorners((cs) => [...cs, [c.lat, c.lng]]);
    setHint(null);
  };
  const closeCorners = () => {
    if (corners.length < 3) {
      setHint("Add at least three corners before closing the outline.");
      return;
    }
    const ring: Ring = corners.map(([lat, lng]) => [Number(lng.toFixed(7)), Number(lat.toFixed(7))]);
    ring.push([...ring[0]] as [number, number]);
    setCorners([]);
    setEmitted(ring);
    change.current(ring);
  };

  return (
    <div className="map-tools" role="toolbar" aria-label={`Draw the ${label} outline`}>
      {!value && !drawing && !corners.length && (
        <button
          type="button"
          onClick={() =>
            pm
              ? (setDrawing(true), setHint("Click each corner on the map; click the first corner again, or Finish, to close."))
              : setHint("The drawing tools did not load.")
          }
        >
          Draw outline
        </button>
      )}
      {drawing && (
        <>
          <button type="button" onClick={finish}>
            Finish outline
          </button>
          <button type="button" className="secondary" onClick={() => (setDrawing(false), setHint(null))}>
            Cancel drawing
          </button>
        </>
      )}
      {!value && !drawing && (
        <>
          <button type="button" className="secondary" onClick={addCorner} title="Pan the map with the arrow keys so the crosshair is on the corner">
            Add corner at centre
          </button>
          {corners.length > 0 && (
            <>
              <button type="button" className="secondary" onClick={() => setCorners((cs) => cs.slice(0, -1))}>
                Undo corner
              </button>
              <button type="button" onClick={closeCorners}>
                Close outline ({corners.length} corners)
              </button>
            </>
          )}
        </>
      )}
      {value && editable && (
        <button type="button" className="secondary" onClick={() => (setEmitted(null), change.current(null))}>
          Clear outline
        </button>
      )}
      {hint && (
        <span className="muted" role="status">
          {hint}
        </span>
      )}
    </div>
  );
}
