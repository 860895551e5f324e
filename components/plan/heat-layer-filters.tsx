"use client";
import { errorMessage } from "@/lib/client/api";
import { CRIME_TYPES } from "@/lib/intel/crime-row";
import type { HeatFilters } from "./heat-filters";
import { useCrimeFacets } from "./queries";

const SERIOUS = "SERIOUS_VIOLENT";

export interface HeatLayerFiltersProps {
  canImport: boolean;
  filters: HeatFilters;
  onFilters: (f: HeatFilters) => void;
  heatInfo: string | null;
}

/** The heat layer's filters: month, crime type and import, with what the map now shows. */
export function HeatLayerFilters({ canImport, filters, onFilters, heatInfo }: HeatLayerFiltersProps) {
  const facets = useCrimeFacets();
  return (
    <section className="card stack" aria-labelledby="heat-title">
      <h3 id="heat-title">Heat layer</h3>
      {facets.isError && (
        <p role="alert" className="error">
          {errorMessage(facets.error)}
        </p>
      )}
      {facets.data && facets.data.months.length === 0 && <p className="muted">No crime data yet{canImport ? ": import a file above." : "."}</p>}
      <div className="grid-form">
        <label className="inline">
          <input type="checkbox" checked={filters.show} onChange={(e) => onFilters({ ...filters, show: e.target.checked })} /> Show on the map
        </label>
        <label>
          Month
          <select value={filters.month} onChange={(e) => onFilters({ ...filters, month: e.target.value })}>
            <option value="">All months</option>
            {facets.data?.months.map((m) => (
              <option key={m.month} value={m.month}>
                {m.month} ({m.count.toLocaleString("en-GB")})
              </option>
            ))}
          </select>
        </label>
        <label>
          Crime type
          <select value={filters.crimeType} onChange={(e) => onFilters({ ...filters, crimeType: e.target.value })}>
            <option value="">All crime</option>
            <option value={SERIOUS}>Serious violent crime</option>
            {CRIME_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Import
          <select value={filters.importId} onChange={(e) => onFilters({ ...filters, importId: e.target.value })}>
            <option value="">All imports</option>
            {facets.data?.imports.map((i) => (
              <option key={i.id} value={i.id}>
                {i.fileName} ({new Date(i.createdAt).toLocaleDateString("en-GB")}, {i.rowsAccepted.toLocaleString("en-GB")} rows)
              </option>
            ))}
          </select>
        </label>
      </div>
      {heatInfo && (
        <p className="muted" role="status">
          {heatInfo}
        </p>
      )}
    </section>
  );
}
