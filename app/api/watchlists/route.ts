import { withRoute } from "@/lib/http/with-route";
import { createWatchlist } from "@/lib/watchlists/create-watchlist";
import { listWatchlists } from "@/lib/watchlists/list-watchlists";
import { createWatchlistSchema } from "@/lib/watchlists/watchlist-schemas";

export const GET = withRoute({ action: "watchlists.read" }, async () => ({ watchlists: await listWatchlists() }));

export const POST = withRoute({ action: "watchlists.write", body: createWatchlistSchema }, async ({ body, user, requestId }) => ({
  watchlist: await createWatchlist(body, user, requestId),
}));
