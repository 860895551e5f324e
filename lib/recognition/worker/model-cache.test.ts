import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { MODELS } from "../models";
import { ModelIntegrityError, verifyModelBytes } from "../verify-model";
import { cachedModelFetch, MODEL_CACHE_NAME, modelCacheKey, modelForUrl, type CacheLike, type CacheStorageLike, type ModelCacheEvent } from "./model-cache";

/** An in-memory Cache API (what the worker gets from `caches` in a browser). */
function memoryCaches(): CacheStorageLike & { store: Map<string, Map<string, ArrayBuffer>> } {
  const store = new Map<string, Map<string, ArrayBuffer>>();
  return {
    store,
    async open(name) {
      const m = store.get(name) ?? new Map<string, ArrayBuffer>();
      store.set(name, m);
      const cache: CacheLike = {
        async match(k) {
          const b = m.get(k);
          return b ? new Response(b.slice(0)) : undefined;
        },
        async put(k, res) {
          m.set(k, await res.arrayBuffer());
        },
        async delete(k) {
          return m.delete(k);
        },
      };
      return cache;
    },
  };
}

const yunet = MODELS.yunet;
const realBytes = () => {
  const b = readFileSync(path.join(process.cwd(), "public/models", yunet.fileName));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const url = `/models/${yunet.fileName}`;

describe("model cache (Cache API keyed by sha256)", () => {
  it("names the manifest entry from a URL's file name", () => {
    expect(modelForUrl(`http://x/models/${yunet.fileName}?v=1`)?.id).toBe("yunet");
    expect(modelForUrl("/models/unknown.onnx")).toBeNull();
  });

  it("downloads once, then serves the verified bytes from the cache on the next visit", async () => {
    const caches = memoryCaches();
    const fetchModel = vi.fn(async (_u: string, p: (l: number, t: number) => void) => {
      const b = realBytes();
      p(b.byteLength, b.byteLength);
      return b;
    });
    const events: ModelCacheEvent[] = [];
    const first = cachedModelFetch(fetchModel, { caches, onEvent: (e) => events.push(e) });
    const a = await first(url, () => undefined);
    expect(a.byteLength).toBe(yunet.bytes);
    expect(caches.store.get(MODEL_CACHE_NAME)?.has(modelCacheKey(yunet))).toBe(true);
    // A new worker (next visit) with the same storage: no download.
    const second = cachedModelFetch(fetchModel, { caches, onEvent: (e) => events.push(e) });
    const progress: number[] = [];
    const b = await second(url, (l) => progress.push(l));
    expect(fetchModel).toHaveBeenCalledTimes(1);
    expect(new Uint8Array(b)).toEqual(new Uint8Array(a));
    expect(progress).toEqual([yunet.bytes]);
    expect(events.map((e) => e.source)).toEqual(["network", "cache"]);
    await expect(verifyModelBytes("yunet", b)).resolves.toBeUndefined();
  });

  it("refuses a tampered cache entry: it is deleted and the model fetched again", async () => {
    const caches = memoryCaches();
    const bad = realBytes();
    new Uint8Array(bad)[1000] ^= 0xff;
    await (await caches.open(MODEL_CACHE_NAME)).put(modelCacheKey(yunet), new Response(bad));
    const fetchModel = vi.fn(async () => realBytes());
    const events: ModelCacheEvent[] = [];
    const bytes = await cachedModelFetch(fetchModel, { caches, onEvent: (e) => events.push(e) })(url, () => undefined);
    expect(fetchModel).toHaveBeenCalledTimes(1);
    expect(events[0].source).toBe("network-after-bad-cache-entry");
    await expect(verifyModelBytes("yunet", bytes)).resolves.toBeUndefined();
    const stored = caches.store.get(MODEL_CACHE_NAME)!.get(modelCacheKey(yunet))!;
    expect(new Uint8Array(stored)).toEqual(new Uint8Array(realBytes()));
  });

  it("never stores a download that fails verification, and says which model failed", async () => {
    const caches = memoryCaches();
    const fetchModel = async () => new TextEncoder().encode("not a model").buffer as ArrayBuffer;
    await expect(cachedModelFetch(fetchModel, { caches })(url, () => undefined)).rejects.toBeInstanceOf(ModelIntegrityError);
    expect(caches.store.get(MODEL_CACHE_NAME)?.size ?? 0).toBe(0);
  });

  it("falls back to the plain fetch without a Cache API or for a URL outside the manifest", async () => {
    const fetchModel = vi.fn(async () => new ArrayBuffer(4));
    await cachedModelFetch(fetchModel, { caches: null })(url, () => undefined);
    await cachedModelFetch(fetchModel, { caches: memoryCaches() })("/models/other.onnx", () => undefined);
    expect(fetchModel).toHaveBeenCalledTimes(2);
  });

  it("a verified buffer is not hashed twice, but a different buffer still is", async () => {
    const caches = memoryCaches();
    const bytes = await cachedModelFetch(async () => realBytes(), { caches })(url, () => undefined);
    const digest = vi.spyOn(globalThis.crypto.subtle, "digest");
    await verifyModelBytes("yunet", bytes);
    expect(digest).not.toHaveBeenCalled();
    await verifyModelBytes("yunet", realBytes());
    expect(digest).toHaveBeenCalledTimes(1);
    // Marked as yunet, it is still refused as another model.
    await expect(verifyModelBytes("mobilefacenet", bytes)).rejects.toBeInstanceOf(ModelIntegrityError);
    digest.mockRestore();
  });
});
