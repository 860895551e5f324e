/**
 * A durable outbox in IndexedDB: a match event stays until the server acknowledges it, across
 * page reloads, network loss and server restarts. Delivery retries with exponential back-off;
 * the server's idempotency key makes a retry of an event it already stored harmless.
 */
export interface OutboxItem {
  key: string;
  url: string;
  body: unknown;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
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
    t.onerror = () => reject(t.error);
  });
}

export const outbox = {
  put: (item: OutboxItem) => tx("readwrite", (s) => s.put(item)),
  remove: (key: string) => tx("readwrite", (s) => s.delete(key)),
  all: () => tx<OutboxItem[]>("readonly", (s) => s.getAll() as IDBRequest<OutboxItem[]>),
};

const MAX_BACKOFF_MS = 30_000;

export function backoff(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10)) * (0.75 + Math.random() * 0.5);
}

/**
 * Sends what is due. 2xx: delivered. 4xx other than 408/429: the server refused it for good
 * (reported, removed, never retried forever). Network errors and 5xx: retried later.
 */
export async function flushOutbox(onResult: (item: OutboxItem, outcome: "delivered" | "refused" | "retry", detail?: string) => void): Promise<number> {
  const due = (await outbox.all()).filter((i) => i.nextAttemptAt <= Date.now()).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  for (const item of due) {
    let outcome: "delivered" | "refused" | "retry" = "retry";
    let detail: string | undefined;
    try {
      const res = await fetch(item.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(item.body), credentials: "same-origin" });
      if (res.ok) outcome = "delivered";
      else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 && res.status !== 401) {
        outcome = "refused";
        detail = ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message;
      } else detail = `HTTP ${res.status}`;
    } catch (error) {
      detail = (error as Error).message;
    }
    if (outcome === "retry") await outbox.put({ ...item, attempts: item.attempts + 1, nextAttemptAt: Date.now() + backoff(item.attempts + 1), lastError: detail });
    else await outbox.remove(item.key);
    onResult(item, outcome, detail);
  }
  return (await outbox.all()).length;
}
