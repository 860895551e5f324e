/**
 * The console's alert feed as plain data, and the pure functions that merge into it: stream events,
 * pages read from the server, and the periodic reconciliation of open alerts. Kept out of React so the
 * rules that make sure no alert is lost on screen are unit-tested (alert-feed.test.ts).
 *
 * Freshness: the stream delivers every change of an alert in order, so a stream event always wins. A
 * list read from the server is a snapshot taken some time after its request began; a row from it is
 * applied only if the stream has not touched that alert since the request began (`touchedAt`), so a
 * slow reconciliation never rolls an alert back to an older state.
 */

export interface FeedAlert {
  id: string;
  status: string;
  capturedAt: string;
}

export interface AlertFeed<A extends FeedAlert = FeedAlert> {
  byId: Record<string, A>;
  /** Client clock (ms) of the last stream event per alert. */
  touchedAt: Record<string, number>;
  /** Cursor for "Load older alerts"; null when the first page was the last. */
  olderBefore: string | null;
}

export const OPEN_STATUSES = ["PENDING", "AWAITING_SECOND"] as const;

export const isOpen = (a: { status: string }) => a.status === "PENDING" || a.status === "AWAITING_SECOND";

export function emptyFeed<A extends FeedAlert>(): AlertFeed<A> {
  return { byId: {}, touchedAt: {}, olderBefore: null };
}

/** A stream event (alert.created / alert.updated): always the newest state of that alert. */
export function applyStreamAlert<A extends FeedAlert>(feed: AlertFeed<A> | undefined, alert: A, at: number): AlertFeed<A> {
  const f = feed ?? emptyFeed<A>();
  return { ...f, byId: { ...f.byId, [alert.id]: alert }, touchedAt: { ...f.touchedAt, [alert.id]: at } };
}

/**
 * Rows read from the server by a request that began at `requestedAt`. Returns the merged feed and the
 * ids that were not in it before (gaps the stream left).
 */
export function mergeServerRows<A extends FeedAlert>(feed: AlertFeed<A> | undefined, rows: A[], requestedAt: number): { feed: AlertFeed<A>; added: string[] } {
  const f = feed ?? emptyFeed<A>();
  const byId = { ...f.byId };
  const added: string[] = [];
  for (const row of rows) {
    if ((f.touchedAt[row.id] ?? -Infinity) >= requestedAt) continue;
    if (!byId[row.id]) added.push(row.id);
    byId[row.id] = row;
  }
  return { feed: { ...f, byId }, added };
}

/**
 * Reconciles the feed with the server's list of open alerts (read by a request that began at
 * `requestedAt`, asking for at most `limit`).
 * - `filled`: open alerts the feed did not have (the stream dropped them): now shown.
 * - `stale`: alerts the feed shows as open that the server no longer lists as open, and that the stream
 *   has not updated since: the caller reads each one again (its decision was missed). When the server's
 *   list was full, only alerts at least as recent as its oldest row can be judged absent.
 */
export function reconcileOpenAlerts<A extends FeedAlert>(
  feed: AlertFeed<A> | undefined,
  open: A[],
  requestedAt: number,
  limit: number,
): { feed: AlertFeed<A>; filled: string[]; stale: string[] } {
  const { feed: merged, added } = mergeServerRows(feed, open, requestedAt);
  const listed = new Set(open.map((a) => a.id));
  const full = open.length >= limit;
  const oldest = full ? open.reduce((min, a) => (a.capturedAt < min ? a.capturedAt : min), open[0]?.capturedAt ?? "") : "";
  const stale = Object.values(merged.byId)
    .filter((a) => isOpen(a) && !listed.has(a.id) && (merged.touchedAt[a.id] ?? -Infinity) < requestedAt && (!full || a.capturedAt >= oldest))
    .map((a) => a.id);
  return { feed: merged, filled: added.filter((id) => isOpen(merged.byId[id])), stale };
}

/** Newest first (by capture time, then id, so the order is stable). */
export function sortedAlerts<A extends FeedAlert>(feed: AlertFeed<A> | undefined): A[] {
  if (!feed) return [];
  return Object.values(feed.byId).sort((a, b) => b.capturedAt.localeCompare(a.capturedAt) || b.id.localeCompare(a.id));
}
