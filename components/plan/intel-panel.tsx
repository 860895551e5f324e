"use client";
import { CrimeImport } from "./crime-import";
import { HeatLayerFilters, type HeatLayerFiltersProps } from "./heat-layer-filters";
import { ZoneRanking } from "./zone-ranking";

/** Street-level crime: import police.uk CSVs, filter the heat layer, rank the zones. */
export function IntelPanel(props: HeatLayerFiltersProps) {
  const { canImport, filters } = props;
  return (
    <div className="stack">
      <h2>Intelligence</h2>
      {canImport && <CrimeImport />}
      <HeatLayerFilters {...props} />
      <ZoneRanking importId={filters.importId} />
    </div>
  );
}
