/**
 * The browser half of `bench:scale` (bundled by scripts/bench-scale.ts): a station's gallery
 * loading and the recognition worker, as the station page runs them. Loads the models, downloads
 * the binary gallery (every chunk and the root verified), hands it to the worker, then sends each
 * real probe photo as a frame and records what the worker matched and its match time.
 */
import { GALLERY_MEDIA_TYPE } from "@/lib/deployments/snapshot-format";
import { readGalleryStream } from "@/lib/live-client/gallery-stream";
import { defaultModelUrls } from "@/lib/recognition/models";
import { RecognitionClient } from "@/lib/recognition/worker/recognition-client";
import type { ResultMessage } from "@/lib/recognition/worker/protocol";

interface BenchWindow {
  benchProgress?: unknown;
  runScaleBench(probes: number, threshold: number): Promise<unknown>;
}

(window as unknown as BenchWindow).runScaleBench = async (probes: number, threshold: number) => {
  const client = new RecognitionClient({ frameTimeoutMs: 120_000 });
  const tModels = performance.now();
  const ready = await client.load({ models: defaultModelUrls(), backend: "wasm", threshold });
  const modelLoadMs = performance.now() - tModels;

  const t0 = performance.now();
  const res = await fetch("/gallery", { headers: { accept: GALLERY_MEDIA_TYPE } });
  if (!res.ok || !res.body) throw new Error(`gallery: HTTP ${res.status}`);
  const loaded = await readGalleryStream(res.body, {
    expectedHash: res.headers.get("x-gallery-hash"),
    onProgress: (p) => ((window as unknown as BenchWindow).benchProgress = p),
  });
  const downloadMs = performance.now() - t0;
  const t1 = performance.now();
  const galleryReady = await client.setGallery(loaded.payload, threshold);
  const workerLoadMs = performance.now() - t1;

  const results: { probe: number; match: string | null; score: number | null; faces: number; matchMs: number; matchThreads: number }[] = [];
  let ts = 0;
  for (let i = 0; i < probes; i++) {
    const blob = await (await fetch(`/probe/${i}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const result = await new Promise<ResultMessage>((resolve, reject) => {
      const off = client.on("result", (r) => {
        off();
        offErr();
        resolve(r);
      });
      const offErr = client.on("error", (e) => {
        off();
        offErr();
        reject(new Error(e.message));
      });
      // Far apart in time: each probe is a new person on a new track.
      ts += 600_000;
      if (client.sendFrame({ kind: "bitmap", bitmap }, ts) === null) reject(new Error("frame dropped"));
    });
    const face = [...result.faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    results.push({
      probe: i,
      match: face?.match?.id ?? null,
      score: face?.match?.score ?? face?.bestScore ?? null,
      faces: result.faces.length,
      matchMs: result.faces.length ? result.timings.match / result.faces.length : 0,
      matchThreads: result.matchThreads,
    });
  }
  const perf = performance as Performance & { memory?: { usedJSHeapSize: number } };
  // The worker stays up until the bench has read its memory (CDP), then disposeScaleBench ends it.
  (window as unknown as { disposeScaleBench(): void }).disposeScaleBench = () => client.dispose();
  return {
    backend: ready.backend,
    numThreads: ready.numThreads,
    crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    modelLoadMs,
    downloadMs,
    workerLoadMs,
    workerBuildMs: galleryReady.buildMs,
    matcher: galleryReady.matcher,
    gallerySize: galleryReady.size,
    bytes: loaded.bytes,
    entries: loaded.entryCount,
    pageHeapBytes: perf.memory?.usedJSHeapSize ?? null,
    results,
  };
};
