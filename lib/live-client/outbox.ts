/**
 * A durable outbox in IndexedDB: a match event stays until the server acknowledges it, across
 * page reloads, network loss and server restarts. Delivery retries with exponential back-off;
 * the server's idempotency key makes a retry of an event it already stored harmless, so an event
 * is delivered at least once by the browser and stored exactly once by the server.
 */
import { readApiError } from "@/lib/client/api";
export interface OutboxItem {
  key: string;
  url: string;
  body: unknown;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
}

export interface OutboxStore {
  put(item: OutboxItem): Promise<unknown>;
  remove(key: string): Promise<unknown>;
  all(): Promise<OutboxItem[]>;
}

const DB = "vigil-outbox";
const STORE = "events";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "key" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = fn(t.objectStore(STORE));
    t.oncomplete = () => {
      db.close();
      resolve(req.result);
    };
    t.onerror = () => {
      db.close();
      reject(t.error);
    };
    t.onabort = () => {
      db.close();
      reject(t.error ?? new Error("IndexedDB transaction aborted"));
    };
  });
}

/** The browser's outbox (IndexedDB, per origin; survives reloads and browser restarts). */
export const outbox: OutboxStore = {
  put: (item) => tx("readwrite", (s) => s.put(item)),
  remove: (key) => tx("readwrite", (s) => s.delete(key)),
  all: () => tx<OutboxItem[]>("readonly", (s) => s.getAll() as IDBRequest<OutboxItem[]>),
};

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** Delay before attempt n+1: 0.5 s doubling to 30 s, with ±25 % jitter so stations do not retry in step. */
export function backoff(attempts: number, random = Math.random): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempts, 10)) * (0.75 + random() * 0.5);
}

export type DeliveryOutcome = "delivered" | "refused" | "retry";

/** 2xx: delivered. 4xx other than 401/408/429: refused for good. Anything else: try again later. */
export function classify(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return "delivered";
  if (status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429) return "refused";
  return "retry";
}

/**
 * Sends what is due, oldest first. A refused event is reported and removed (a retry would be
 * refused again); network errors and 5xx are retried after a back-off. Returns how many remain.
 */
export async function flushOutbox(
  onResult: (item: OutboxItem, outcome: DeliveryOutcome, detail?: string) => void,
  deps: { store?: OutboxStore; fetch?: typeof fetch; now?: () => number } = {},
): Promise<number> {
  const store = deps.store ?? outbox;
  const send = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const due = (await store.all()).filter((i) => i.nextAttemptAt <= now()).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  for (const item of due) {
    let outcome: DeliveryOutcome = "retry";
    let detail: string | undefined;
    try {
      const res = await send(item.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(item.body),
        credentials: "same-origin",
      });
      outcome = classify(res.status);
      if (outcome === "refused") detail = (await readApiError(res, `HTTP ${res.status}`)).message;
      else if (outcome === "retry") detail = `HTTP ${res.status}`;
    } catch (error) {
      detail = (error as Error).message;
    }
    if (outcome === "retry") await store.put({ ...item, attempts: item.attempts + 1, nextAttemptAt: now() + backoff(item.attempts + 1), lastError: detail });
    else await store.remove(item.key);
    onResult(item, outcome, detail);
  }
  return (await store.all()).length;
}
