import { MODELS, type ModelId, type ModelSpec } from "../models";
import { markModelVerified, verifyModelBytes } from "../verify-model";

/**
 * Models kept across visits in the Cache API, keyed by the manifest's SHA-256 (a new model file
 * gets a new key; an old entry is never served for it). Integrity is still checked: bytes read
 * from the cache are hashed and compared with the manifest before use, a bad entry is deleted
 * and the model fetched again; fetched bytes are verified before they are stored. Each model is
 * hashed once per load: the verified buffer is marked so FaceRecognizer.create does not hash it
 * again. Without the Cache API (Node, an insecure context, a full quota) it falls back to the
 * plain fetch.
 */

export const MODEL_CACHE_NAME = "vigil-models-v1";

export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
}

export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  keys?(): Promise<string[]>;
  delete?(name: string): Promise<boolean>;
}

export type FetchModel = (url: string, onProgress: (loaded: number, total: number) => void) => Promise<ArrayBuffer>;

export interface ModelCacheEvent {
  model: ModelId | null;
  source: "cache" | "network" | "network-after-bad-cache-entry" | "network-no-cache";
}

/** The manifest entry a model URL names (by its file name), or null. */
export function modelForUrl(url: string): ModelSpec | null {
  const file = url.split(/[?#]/)[0].split("/").pop() ?? "";
  return Object.values(MODELS).find((m) => m.fileName === file) ?? null;
}

/** Cache key of a model: its content hash, so a different file can never be served for it. */
export const modelCacheKey = (spec: ModelSpec) => `/__vigil-model-cache/${spec.sha256}`;

export function cachedModelFetch(fetchModel: FetchModel, opts: { caches?: CacheStorageLike | null; onEvent?: (e: ModelCacheEvent) => void } = {}): FetchModel {
  const storage = opts.caches === undefined ? ((globalThis as { caches?: CacheStorageLike }).caches ?? null) : opts.caches;
  const report = opts.onEvent ?? (() => undefined);
  return async (url, onProgress) => {
    const spec = modelForUrl(url);
    let cache: CacheLike | null = null;
    if (spec && storage) {
      try {
        cache = await storage.open(MODEL_CACHE_NAME);
      } catch {
        cache = null; // e.g. an opaque origin: no cache, plain fetch
      }
    }
    if (!spec || !cache) {
      report({ model: spec?.id ?? null, source: "network-no-cache" });
      return fetchModel(url, onProgress);
    }
    const key = modelCacheKey(spec);
    let hadBadEntry = false;
    const hit = await cache.match(key).catch(() => undefined);
    if (hit) {
      const bytes = await hit.arrayBuffer();
      try {
        await verifyModelBytes(spec.id, bytes);
        markModelVerified(spec.id, bytes);
        onProgress(bytes.byteLength, bytes.byteLength);
        report({ model: spec.id, source: "cache" });
        return bytes;
      } catch {
        hadBadEntry = true;
        await cache.delete(key).catch(() => false);
      }
    }
    const bytes = await fetchModel(url, onProgress);
    await verifyModelBytes(spec.id, bytes); // throws ModelIntegrityError: nothing bad is stored
    markModelVerified(spec.id, bytes);
    try {
      await cache.put(
        key,
        new Response(bytes.slice(0), { headers: { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) } }),
      );
    } catch {
      // Quota or storage errors only cost the next visit a download.
    }
    report({ model: spec.id, source: hadBadEntry ? "network-after-bad-cache-entry" : "network" });
    return bytes;
  };
}
