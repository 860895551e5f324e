import { toWire } from "@/lib/http/wire";
import { withRoute } from "@/lib/http/with-route";
import { crimeFacets } from "@/lib/intel/crime-facets";
import { facetsQuery, type FacetsResponse } from "@/lib/intel/intel-schemas";

export const GET = withRoute(
  { action: "intel.read", query: facetsQuery },
  async ({ query }) => toWire(await crimeFacets(query.importId)) satisfies FacetsResponse,
);
