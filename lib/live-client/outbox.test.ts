import { describe, expect, it } from "vitest";
import { backoff, classify, flushOutbox, type OutboxItem, type OutboxStore } from "./outbox";

function memoryStore(items: OutboxItem[]): OutboxStore & { items: Map<string, OutboxItem> } {
  const map = new Map(items.map((i) => [i.key, i]));
  return {
    items: map,
    put: async (i) => map.set(i.key, i),
    remove: async (k) => map.delete(k),
    all: async () => [...map.values()],
  };
}

const item = (key: string, over: Partial<OutboxItem> = {}): OutboxItem => ({
  key,
  url: "/api/alerts",
  body: { idempotencyKey: key },
  attempts: 0,
  nextAttemptAt: 0,
  ...over,
});

describe("durable outbox", () => {
  it("backs off exponentially with jitter, capped at 30 s", () => {
    expect(backoff(1, () => 0.5)).toBe(1000);
    expect(backoff(2, () => 0.5)).toBe(2000);
    expect(backoff(20, () => 0.5)).toBe(30_000);
    expect(backoff(1, () => 0)).toBe(750);
    expect(backoff(1, () => 1)).toBe(1250);
  });

  it("tells delivered, refused-for-good and try-again answers apart", () => {
    expect([200, 201].map(classify)).toEqual(["delivered", "delivered"]);
    expect([400, 404, 409, 422].map(classify)).toEqual(["refused", "refused", "refused", "refused"]);
    expect([401, 408, 429, 500, 502, 503].map(classify)).toEqual(["retry", "retry", "retry", "retry", "retry", "retry"]);
  });

  it("keeps events until the server acknowledges them, and sends each due event once per flush", async () => {
    const store = memoryStore([item("a"), item("b"), item("later", { nextAttemptAt: 10_000 })]);
    const sent: string[] = [];
    let up = false;
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      sent.push((JSON.parse(String(init.body)) as { idempotencyKey: string }).idempotencyKey);
      if (!up) throw new TypeError("Failed to fetch");
      return new Response("{}", { status: 200 });
    }) as unknown as typeof fetch;
    const results: string[] = [];
    const onResult = (i: OutboxItem, outcome: string) => results.push(`${i.key}:${outcome}`);

    expect(await flushOutbox(onResult, { store, fetch: fetchImpl, now: () => 1000 })).toBe(3);
    expect(results).toEqual(["a:retry", "b:retry"]);
    expect(store.items.get("a")).toMatchObject({ attempts: 1, lastError: "Failed to fetch" });
    expect(store.items.get("a")!.nextAttemptAt).toBeGreaterThan(1000);

    // Not due yet: nothing is sent.
    sent.length = 0;
    await flushOutbox(onResult, { store, fetch: fetchImpl, now: () => 1001 });
    expect(sent).toEqual([]);

    up = true;
    results.length = 0;
    expect(await flushOutbox(onResult, { store, fetch: fetchImpl, now: () => 20_000 })).toBe(0);
    expect(results.sort()).toEqual(["a:delivered", "b:delivered", "later:delivered"]);
  });

  it("drops an event the server refuses for good, reporting why", async () => {
    const store = memoryStore([item("bad")]);
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ error: { message: "below the deployment's threshold" } }), { status: 422 })) as unknown as typeof fetch;
    const details: (string | undefined)[] = [];
    expect(await flushOutbox((_i, _o, d) => details.push(d), { store, fetch: fetchImpl })).toBe(0);
    expect(details).toEqual(["below the deployment's threshold"]);
  });

  it("keeps an event while the session has expired (401) or the server errs (5xx)", async () => {
    const store = memoryStore([item("x")]);
    const fetchImpl = (async () => new Response("", { status: 401 })) as unknown as typeof fetch;
    expect(await flushOutbox(() => {}, { store, fetch: fetchImpl })).toBe(1);
    expect(store.items.get("x")).toMatchObject({ attempts: 1, lastError: "HTTP 401" });
  });
});
