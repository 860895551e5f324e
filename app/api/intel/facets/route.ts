import { withRoute } from "@/lib/http/with-route";
import { crimeFacets } from "@/lib/intel/crime-facets";
import { facetsQuery } from "@/lib/intel/intel-schemas";

export const GET = withRoute({ action: "intel.read", query: facetsQuery }, async ({ query }) => crimeFacets(query.importId));
