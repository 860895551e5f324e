"use client";
import { CrimeImport } from "./crime-import";
import type { HeatFilters } from "./heat-filters";
import { HeatLayerFilters } from "./heat-layer-filters";
import { ZoneRanking } from "./zone-ranking";

/** Street-level crime: import police.uk CSVs, filter the heat layer, rank the zones. */
export function IntelPanel({
  canImport,
  filters,
  onFilters,
  heatInfo,
}: {
  canImport: boolean;
  filters: HeatFilters;
  onFilters: (f: HeatFilters) => void;
  heatInfo: string | null;
}) {
  return (
    <div className="stack">
      <h2>Intelligence</h2>
      {canImport && <CrimeImport />}
      <HeatLayerFilters canImport={canImport} filters={filters} onFilters={onFilters} heatInfo={heatInfo} />
      <ZoneRanking importId={filters.importId} />
    </div>
  );
}
