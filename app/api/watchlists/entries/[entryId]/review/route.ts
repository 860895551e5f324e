import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";
import { reviewEntry } from "@/lib/watchlists/review-entry";
import { reviewEntrySchema, type EntryResponse } from "@/lib/watchlists/watchlist-schemas";

export const POST = withRoute(
  { action: "watchlists.review", params: z.object({ entryId: z.string().uuid() }), body: reviewEntrySchema },
  async ({ params, body, user, requestId }) => ({ entry: toWire(await reviewEntry(params.entryId, body.note, user, requestId)) }) satisfies EntryResponse,
);
