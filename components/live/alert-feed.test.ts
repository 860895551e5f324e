import { describe, expect, it } from "vitest";
import { applyStreamAlert, emptyFeed, mergeServerRows, reconcileOpenAlerts, sortedAlerts, type FeedAlert } from "./alert-feed";

const alert = (id: string, status: string, capturedAt = `2026-11-29T10:00:0${id.length % 10}.000Z`): FeedAlert => ({ id, status, capturedAt });

describe("the console's alert feed", () => {
  it("keeps the newest state from the stream, and a page read before it never rolls it back", () => {
    let feed = applyStreamAlert(undefined, alert("a", "PENDING"), 100);
    feed = applyStreamAlert(feed, alert("a", "CONFIRMED"), 200);
    // A list requested at t=150 (before the confirmation arrived) still says PENDING: ignored.
    const { feed: merged, added } = mergeServerRows(feed, [alert("a", "PENDING"), alert("b", "PENDING")], 150);
    expect(merged.byId.a.status).toBe("CONFIRMED");
    expect(merged.byId.b.status).toBe("PENDING");
    expect(added).toEqual(["b"]);
    // A list requested after the last stream event is the truth.
    expect(mergeServerRows(merged, [alert("a", "REJECTED")], 250).feed.byId.a.status).toBe("REJECTED");
  });

  it("fills an open alert the stream dropped, and reports it so the operator is told", () => {
    const feed = applyStreamAlert(undefined, alert("a", "PENDING"), 100);
    const r = reconcileOpenAlerts(feed, [alert("a", "PENDING"), alert("lost", "PENDING"), alert("late", "AWAITING_SECOND")], 300, 100);
    expect(r.filled.sort()).toEqual(["late", "lost"]);
    expect(Object.keys(r.feed.byId).sort()).toEqual(["a", "late", "lost"]);
    expect(r.stale).toEqual([]);
  });

  it("marks as stale an alert shown open that the server no longer lists as open (its decision was missed)", () => {
    let feed = applyStreamAlert(undefined, alert("decided-elsewhere", "PENDING"), 100);
    feed = applyStreamAlert(feed, alert("just-updated", "PENDING"), 400);
    feed = applyStreamAlert(feed, alert("closed", "REJECTED"), 100);
    const r = reconcileOpenAlerts(feed, [], 300, 100);
    // "just-updated" came from the stream after the request began: the list may predate it.
    expect(r.stale).toEqual(["decided-elsewhere"]);
    expect(r.filled).toEqual([]);
  });

  it("with a full list, judges absent only alerts at least as recent as its oldest row", () => {
    const feed = mergeServerRows(undefined, [alert("old", "PENDING", "2026-11-29T09:00:00.000Z"), alert("new", "PENDING", "2026-11-29T11:00:00.000Z")], 0).feed;
    const r = reconcileOpenAlerts(feed, [alert("x", "PENDING", "2026-11-29T10:00:00.000Z"), alert("y", "PENDING", "2026-11-29T10:30:00.000Z")], 10, 2);
    expect(r.stale).toEqual(["new"]);
  });

  it("does not report a filled alert that is already decided, and sorts newest first", () => {
    const r = reconcileOpenAlerts(emptyFeed(), [alert("p", "PENDING", "2026-11-29T10:00:00.000Z")], 0, 100);
    const merged = mergeServerRows(r.feed, [alert("q", "CONFIRMED", "2026-11-29T10:05:00.000Z")], 0);
    expect(merged.added).toEqual(["q"]);
    expect(sortedAlerts(merged.feed).map((a) => a.id)).toEqual(["q", "p"]);
    expect(sortedAlerts(undefined)).toEqual([]);
  });

  it("merges an interleaving of stream events and reconciliations into exactly the server's final state", () => {
    // 40 alerts; the stream drops every third event; reconciliations at random points; the final
    // reconciliation plus a re-read of the stale ones must leave every alert in its final state.
    const final = new Map<string, FeedAlert>();
    let feed = emptyFeed();
    let clock = 0;
    const server = new Map<string, FeedAlert>();
    for (let i = 0; i < 40; i++) {
      const id = `a${i}`;
      const states = i % 4 === 0 ? ["PENDING"] : i % 4 === 1 ? ["PENDING", "AWAITING_SECOND", "CONFIRMED"] : ["PENDING", "REJECTED"];
      for (const [k, status] of states.entries()) {
        clock++;
        const row = alert(id, status, `2026-11-29T10:${String(i).padStart(2, "0")}:00.000Z`);
        server.set(id, row);
        if ((i + k) % 3 !== 0) feed = applyStreamAlert(feed, row, clock);
      }
      final.set(id, server.get(id)!);
      if (i % 7 === 0) {
        clock++;
        const open = [...server.values()].filter((a) => a.status === "PENDING" || a.status === "AWAITING_SECOND");
        const r = reconcileOpenAlerts(feed, open, clock, 100);
        feed = mergeServerRows(
          r.feed,
          r.stale.map((id) => server.get(id)!),
          clock,
        ).feed;
      }
    }
    clock++;
    const open = [...server.values()].filter((a) => a.status === "PENDING" || a.status === "AWAITING_SECOND");
    const r = reconcileOpenAlerts(feed, open, clock, 100);
    feed = mergeServerRows(
      r.feed,
      r.stale.map((id) => server.get(id)!),
      clock,
    ).feed;
    for (const a of final.values()) {
      if (a.status === "PENDING" || a.status === "AWAITING_SECOND") expect(feed.byId[a.id]?.status, a.id).toBe(a.status);
      // A decided alert is either shown with its decision, or (dropped entirely while open) absent:
      // never shown as still open.
      else expect(feed.byId[a.id] === undefined || feed.byId[a.id].status === a.status, a.id).toBe(true);
    }
  });
});
