import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { createEntry, listEntries } from "@/lib/watchlists/manage-watchlists";
import { createEntrySchema } from "@/lib/watchlists/watchlist-schemas";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute({ action: "watchlists.read", params }, async ({ params, user, requestId }) => listEntries(params.id, user, requestId));

export const POST = withRoute({ action: "watchlists.write", params, body: createEntrySchema }, async ({ params, body, user, requestId }) => ({
  entry: await createEntry(params.id, body, user, requestId),
}));
