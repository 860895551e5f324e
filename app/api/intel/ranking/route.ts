import { withRoute } from "@/lib/http/with-route";
import { rankingQuery } from "@/lib/intel/intel-schemas";
import { rankZones } from "@/lib/intel/rank-zones";

export const GET = withRoute({ action: "intel.read", query: rankingQuery }, async ({ query }) => rankZones(query));
