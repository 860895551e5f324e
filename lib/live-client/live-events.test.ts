import { describe, expect, it, vi } from "vitest";
import { streamUrl, subscribeLiveEvents } from "./live-events";

class FakeSource {
  static CLOSED = 2;
  static all: FakeSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: { data: string; lastEventId: string }) => void>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: { data: string; lastEventId: string }) => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.readyState = 2;
  }
}

describe("alert feed client", () => {
  it("resumes from the last event id it saw when the browser gives the stream up for good", () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const status: boolean[] = [];
    const stop = subscribeLiveEvents(
      "dep-1",
      { onEvent: (t, d, id) => events.push(`${id}:${t}:${JSON.stringify(d)}`), onStatus: (c) => status.push(c) },
      FakeSource as unknown as typeof EventSource,
    );
    const first = FakeSource.all.at(-1)!;
    expect(first.url).toBe("/api/live/events?deploymentId=dep-1");
    first.onopen!();
    first.listeners.get("alert.created")!({ data: '{"id":"a"}', lastEventId: "41" });
    first.listeners.get("counts")!({ data: "not json", lastEventId: "42" });
    first.readyState = 2;
    first.onerror!();
    vi.advanceTimersByTime(1000);
    const second = FakeSource.all.at(-1)!;
    expect(second).not.toBe(first);
    expect(second.url).toBe(streamUrl("dep-1", "42"));
    expect(second.url).toContain("lastEventId=42");
    expect(events).toEqual(['41:alert.created:{"id":"a"}']);
    expect(status).toEqual([true, false]);
    stop();
    expect(second.readyState).toBe(2);
    vi.useRealTimers();
  });

  it("leaves an ordinary drop to the browser's own reconnect (with Last-Event-ID)", () => {
    vi.useFakeTimers();
    const n = FakeSource.all.length;
    const stop = subscribeLiveEvents("dep-2", { onEvent: () => {}, onStatus: () => {} }, FakeSource as unknown as typeof EventSource);
    const s = FakeSource.all.at(-1)!;
    s.readyState = 0; // CONNECTING: the browser is retrying itself
    s.onerror!();
    vi.advanceTimersByTime(60_000);
    expect(FakeSource.all.length).toBe(n + 1);
    stop();
    vi.useRealTimers();
  });
});
