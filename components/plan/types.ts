/**
 * Kept only for components/watchlists/watchlists-workspace.tsx (owned by another change this round):
 * the watchlist summary is derived from the server function in ./queries.ts, not written by hand.
 * Delete this file once that import points at "@/components/plan/queries".
 */
export type { WatchlistSummary } from "./queries";
