import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";
import { createWatchlist } from "@/lib/watchlists/create-watchlist";
import { listWatchlists } from "@/lib/watchlists/list-watchlists";
import { createWatchlistSchema, type WatchlistCreatedResponse, type WatchlistListResponse } from "@/lib/watchlists/watchlist-schemas";

export const GET = withRoute({ action: "watchlists.read" }, async () => ({ watchlists: toWire(await listWatchlists()) }) satisfies WatchlistListResponse);

export const POST = withRoute(
  { action: "watchlists.write", body: createWatchlistSchema },
  async ({ body, user, requestId }) =>
    ({
      watchlist: toWire(await createWatchlist(body, user, requestId)),
    }) satisfies WatchlistCreatedResponse,
);
