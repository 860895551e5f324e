import { withRoute } from "@/lib/http/with-route";
import { crimeGrid } from "@/lib/intel/crime-grid";
import { gridQuery } from "@/lib/intel/intel-schemas";

export const GET = withRoute({ action: "intel.read", query: gridQuery }, async ({ query }) => crimeGrid(query));
