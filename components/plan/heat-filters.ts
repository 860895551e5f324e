/** The heat layer's filters, shared by the intelligence panel (which sets them) and the map (which draws them). */
export interface HeatFilters {
  show: boolean;
  month: string;
  crimeType: string;
  importId: string;
}
