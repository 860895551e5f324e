import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { reviewEntry } from "@/lib/watchlists/review-entry";
import { reviewEntrySchema } from "@/lib/watchlists/watchlist-schemas";

export const POST = withRoute(
  { action: "watchlists.review", params: z.object({ entryId: z.string().uuid() }), body: reviewEntrySchema },
  async ({ params, body, user, requestId }) => ({ entry: await reviewEntry(params.entryId, body.note, user, requestId) }),
);
