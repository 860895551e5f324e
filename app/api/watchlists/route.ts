import { withRoute } from "@/lib/http/with-route";
import { createWatchlist, listWatchlists } from "@/lib/watchlists/manage-watchlists";
import { createWatchlistSchema } from "@/lib/watchlists/watchlist-schemas";

export const GET = withRoute({ action: "watchlists.read" }, async () => ({ watchlists: await listWatchlists() }));

export const POST = withRoute({ action: "watchlists.write", body: createWatchlistSchema }, async ({ body, user, requestId }) => ({
  watchlist: await createWatchlist(body, user, requestId),
}));
