import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";
import { createEntry } from "@/lib/watchlists/create-entry";
import { listEntries } from "@/lib/watchlists/list-entries";
import { createEntrySchema, listEntriesQuery, type EntryPageResponse, type EntryResponse } from "@/lib/watchlists/watchlist-schemas";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute(
  { action: "watchlists.read", params, query: listEntriesQuery },
  async ({ params, query, user, requestId }) => toWire(await listEntries(params.id, query, user, requestId)) satisfies EntryPageResponse,
);

export const POST = withRoute(
  { action: "watchlists.write", params, body: createEntrySchema },
  async ({ params, body, user, requestId }) =>
    ({
      entry: toWire(await createEntry(params.id, body, user, requestId)),
    }) satisfies EntryResponse,
);
