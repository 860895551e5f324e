import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";
import { removeEntry } from "@/lib/watchlists/remove-entry";
import { removeEntrySchema, type EntryRemovedResponse } from "@/lib/watchlists/watchlist-schemas";

/** Takes a person off the watchlist, with the reason (photos and embeddings are deleted). */
export const POST = withRoute(
  { action: "watchlists.write", params: z.object({ entryId: z.string().uuid() }), body: removeEntrySchema },
  async ({ params, body, user, requestId }) => toWire(await removeEntry(params.entryId, body.reason, user, requestId)) satisfies EntryRemovedResponse,
);
