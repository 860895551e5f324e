import { toWire } from "@/lib/http/wire";
import { withRoute } from "@/lib/http/with-route";
import { rankingQuery, type RankingResponse } from "@/lib/intel/intel-schemas";
import { rankZones } from "@/lib/intel/rank-zones";

export const GET = withRoute({ action: "intel.read", query: rankingQuery }, async ({ query }) => toWire(await rankZones(query)) satisfies RankingResponse);
