import { withRoute } from "@/lib/http/with-route";
import { faceCountsSchema, recordFaceCounts } from "@/lib/live/record-face-counts";

export const POST = withRoute({ action: "alerts.post", body: faceCountsSchema }, async ({ body, user }) => recordFaceCounts(body, user));
