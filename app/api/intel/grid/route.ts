import { toWire } from "@/lib/http/wire";
import { withRoute } from "@/lib/http/with-route";
import { crimeGrid } from "@/lib/intel/crime-grid";
import { gridQuery, type GridResponse } from "@/lib/intel/intel-schemas";

export const GET = withRoute({ action: "intel.read", query: gridQuery }, async ({ query }) => toWire(await crimeGrid(query)) satisfies GridResponse);
