"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { DrawPolygon } from "@/components/map/draw-polygon";
import { CamerasLayer, FitTo, GeoJsonLayer, HeatGridLayer, ViewWatcher, type MapCamera } from "@/components/map/layers";
import { VigilMap } from "@/components/map/vigil-map";
import { TabList } from "@/components/shell/tab-list";
import { can } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import { DeploymentsPanel, type DeploymentView } from "./deployments-panel";
import { confirmDiscard } from "./unsaved-guard";
import type { HeatFilters } from "./heat-filters";
import { IntelPanel } from "./intel-panel";
import { useCrimeGrid, useZones, type CameraDraft, type PlanUser, type Ring } from "./queries";
import { ZonesPanel, type ZoneEditState } from "./zones-panel";
import "./plan.css";

type Tab = "zones" | "intel" | "deployments";
const TABS: { id: Tab; label: string }[] = [
  { id: "zones", label: "Zones" },
  { id: "intel", label: "Intelligence" },
  { id: "deployments", label: "Deployments" },
];

/** Grid cell size for the heat layer at a zoom level (metres). */
const cellFor = (zoom: number) => (zoom >= 17 ? 50 : zoom >= 16 ? 75 : zoom >= 15 ? 150 : zoom >= 14 ? 300 : zoom >= 13 ? 600 : zoom >= 12 ? 1200 : 2500);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The place on /plan, read from its URL: ?tab=deployments&deployment=<id>&step=edit, ?tab=zones&zone=<id>. */
export function readPlanPlace(q: URLSearchParams): { tab: Tab; zone: string | null; view: DeploymentView } {
  const deployment = q.get("deployment");
  const id = deployment && UUID.test(deployment) ? deployment : null;
  const step = q.get("step");
  const view: DeploymentView = step === "new" ? { kind: "new" } : id ? (step === "edit" ? { kind: "edit", id } : { kind: "detail", id }) : { kind: "list" };
  const asked = q.get("tab");
  const tab: Tab = asked === "zones" || asked === "intel" || asked === "deployments" ? asked : view.kind !== "list" ? "deployments" : "zones";
  const zone = q.get("zone");
  return { tab, zone: zone && UUID.test(zone) ? zone : null, view };
}

/**
 * The commanders' and authorising officers' planning page: the map (zones, the crime heat layer,
 * a deployment's cameras) beside three panels — zones, intelligence, deployments. Where the user
 * is (tab, zone, deployment, application step) lives in the URL, so Reload and Back keep the
 * place and a copied link opens the same deployment for someone else.
 */
export function PlanWorkspace({ user }: { user: PlanUser }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const place = readPlanPlace(new URLSearchParams(search.toString()));
  const { tab, zone: selectedZone } = place;
  const go = useCallback(
    (changes: Record<string, string | null>, mode: "push" | "replace" = "push") => {
      const q = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) q.delete(k);
        else q.set(k, v);
      }
      const next = `${pathname}${q.size ? `?${q}` : ""}`;
      if (next === `${window.location.pathname}${window.location.search}`) return;
      if (mode === "push" && !confirmDiscard()) return;
      router[mode](next, { scroll: false });
    },
    [router, pathname],
  );
  const setTab = useCallback((t: Tab) => go({ tab: t }), [go]);
  const setSelectedZone = useCallback((id: string | null) => go({ zone: id }, "replace"), [go]);
  const setDeploymentView = useCallback(
    (v: DeploymentView) =>
      go({
        tab: "deployments",
        deployment: v.kind === "detail" || v.kind === "edit" ? v.id : null,
        step: v.kind === "edit" ? "edit" : v.kind === "new" ? "new" : null,
      }),
    [go],
  );
  const [zoneEdit, setZoneEdit] = useState<ZoneEditState | null>(null);
  const [ring, setRing] = useState<Ring | null>(null);
  const [fitKey, setFitKey] = useState<string | null>(() => (place.zone ? `${place.zone}:from-url` : null));
  const [view, setView] = useState<{ bbox: [number, number, number, number]; zoom: number; center: [number, number] } | null>(null);
  const [filters, setFilters] = useState<HeatFilters>({ show: true, month: "", crimeType: "", importId: "" });
  const [cameras, setCameras] = useState<{ list: CameraDraft[]; zoneId: string | null }>({ list: [], zoneId: null });

  const zones = useZones();
  const heatParams =
    view && filters.show
      ? new URLSearchParams({
          bbox: view.bbox.map((n) => n.toFixed(5)).join(","),
          cell: String(cellFor(view.zoom)),
          ...(filters.month ? { month: filters.month } : {}),
          ...(filters.crimeType ? { crimeType: filters.crimeType } : {}),
          ...(filters.importId ? { importId: filters.importId } : {}),
        })
      : null;
  const grid = useCrimeGrid(heatParams);

  const focusZone = useCallback(
    (id: string) => {
      setSelectedZone(id);
      setFitKey(`${id}:${Date.now()}`);
    },
    [setSelectedZone],
  );
  const onEdit = (edit: ZoneEditState | null) => {
    setZoneEdit(edit);
    setRing(edit?.zone ? edit.zone.geometry.coordinates[0] : null);
  };
  const onMapCameras = useCallback((list: CameraDraft[], zoneId: string | null) => setCameras({ list, zoneId }), []);

  const zoneItems = useMemo(
    () =>
      (zones.data?.zones ?? [])
        .filter((z) => z.id !== zoneEdit?.zone?.id)
        .map((z) => ({
          id: z.id,
          geometry: z.geometry,
          label: z.name,
          color: z.id === selectedZone ? "#f4b942" : "#4ea8de",
          className: z.id === selectedZone ? "zone-selected" : "zone",
        })),
    [zones.data, selectedZone, zoneEdit],
  );
  const mapCameras: MapCamera[] = useMemo(
    () =>
      cameras.list
        .map((c, i) => ({
          id: c.id ?? String(i),
          name: c.name,
          lat: Number(c.lat),
          lng: Number(c.lng),
          headingDeg: Number(c.headingDeg),
          fovDeg: Number(c.fovDeg),
          rangeM: Number(c.rangeM),
        }))
        .filter((c) => Number.isFinite(c.lat) && Number.isFinite(c.lng)),
    [cameras.list],
  );
  const fitZone = zones.data?.zones.find((z) => z.id === selectedZone);
  const heatLabel = filters.crimeType === "SERIOUS_VIOLENT" ? "serious violent crimes" : filters.crimeType ? filters.crimeType.toLowerCase() : "crimes";
  const heatInfo = !filters.show
    ? null
    : grid.isError
      ? `Heat layer: ${errorMessage(grid.error)}`
      : grid.data
        ? `${grid.data.total.toLocaleString("en-GB")} ${heatLabel} in view, on ${grid.data.cellMetres} m squares (busiest ${grid.data.max})${grid.data.truncated ? "; only the busiest squares are shown, zoom in for all" : ""}.`
        : "Loading the heat layer…";

  const drawing = tab === "zones" && !!zoneEdit;
  return (
    <div className="stack">
      <h1>Plan</h1>
      <div className="plan-grid">
        <div className="plan-map stack">
          <VigilMap label="Planning map: zones, crime heat layer and cameras. Arrow keys pan, plus and minus zoom." drawing crosshair className="tall">
            <ViewWatcher onView={setView} />
            {filters.show && grid.data && <HeatGridLayer cells={grid.data.cells} max={grid.data.max} label={heatLabel} />}
            <GeoJsonLayer items={zoneItems} onSelect={(id) => go({ zone: id, tab: "zones" })} />
            {mapCameras.length > 0 && <CamerasLayer cameras={mapCameras} />}
            <FitTo geometry={fitZone?.geometry} fitKey={fitZone ? fitKey : null} />
            {drawing && <DrawPolygon value={ring} onChange={setRing} label="zone" />}
          </VigilMap>
          <ul className="map-legend" aria-label="Map legend">
            <li>
              <span className="swatch zone" /> zone
            </li>
            <li>
              <span className="swatch zone-selected" /> selected zone
            </li>
            <li>
              <span className="swatch heat-low" />
              <span className="swatch heat-mid" />
              <span className="swatch heat-high" /> fewer → more crime
            </li>
            <li>
              <span className="swatch camera" /> camera and its view
            </li>
          </ul>
        </div>
        <div className="plan-panels">
          <TabList tabs={TABS} value={tab} onChange={setTab} label="Planning" />
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
            {tab === "zones" && (
              <ZonesPanel
                zones={zones.data?.zones}
                loading={zones.isPending}
                error={zones.isError ? errorMessage(zones.error) : null}
                canWrite={can(user.role, "zones.write")}
                selectedId={selectedZone}
                onSelect={focusZone}
                edit={zoneEdit}
                onEdit={onEdit}
                ring={ring}
              />
            )}
            {tab === "intel" && <IntelPanel canImport={can(user.role, "intel.import")} filters={filters} onFilters={setFilters} heatInfo={heatInfo} />}
            {tab === "deployments" && (
              <DeploymentsPanel
                user={user}
                zones={zones.data?.zones ?? []}
                mapCenter={view?.center ?? [51.5309, -0.1235]}
                onMapCameras={onMapCameras}
                onFocusZone={focusZone}
                view={place.view}
                setView={setDeploymentView}
              />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
