import path from "node:path";
import { expect, test } from "@playwright/test";
import { randomGallery } from "../../lib/recognition/benchmark";
import { fitIntoFrame, placeInFrame } from "../../lib/recognition/compose-frame";
import { defaultModelUrls } from "../../lib/recognition/models";
import { readImage } from "../../lib/recognition/node/decode-image";
import { createNodeRecognizer, sharedDir } from "../../lib/recognition/node/load-models";
import { DEFAULT_MATCH_THRESHOLD } from "../../lib/recognition/thresholds";

// `npm run bench:station`: the camera sequence of `bench:recognition` (one person crossing a 1280x720
// view, stamped at 20 frames/s, a 10,000-entry watchlist holding them) through the station's own
// recognition worker in this machine's Chromium, with the frame policy and with every frame in
// full, side by side in one run. Frames go to the worker as RGBA, one at a time, as fast as it
// answers. Prints frames/s and the worker's load time; asserts only what must hold (every frame
// answered, one match event per run), never a speed.

const FRAMES = 45;

test("the station worker's frames per second on a walking face, with and without the frame policy", async ({ page }) => {
  test.setTimeout(600_000);
  const rec = await createNodeRecognizer();
  const enrolled = (await rec.recognize(fitIntoFrame(await readImage(path.join(sharedDir(), "faces/obama/2.jpg")), 1280, 720))).faces[0]?.embedding;
  await rec.dispose();
  if (!enrolled) throw new Error("no face in faces/obama/2.jpg");
  const gallery = randomGallery(10_000, 11);
  gallery.vectors.set(enrolled, 0);
  const walk = fitIntoFrame(await readImage(path.join(sharedDir(), "faces/obama/4.jpg")), 900, 900);
  const frames = Array.from({ length: FRAMES }, (_, i) => placeInFrame(walk, 1280, 720, 40 + i * 12, 20));

  await page.route("**/__bench/gallery", (route) => route.fulfill({ body: Buffer.from(gallery.vectors.buffer), contentType: "application/octet-stream" }));
  await page.route("**/__bench/frame/*", (route) => {
    const i = Number(new URL(route.request().url()).pathname.split("/").pop());
    const f = frames[i];
    return route.fulfill({ body: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength), contentType: "application/octet-stream" });
  });
  // Any same-origin page gives the worker its cross-origin isolated context.
  await page.goto("/bench/recognition");

  const run = (framePolicy: boolean) =>
    page.evaluate(
      async ({ models, ids, threshold, count, framePolicy }) => {
        const vectors = new Float32Array(await (await fetch("/__bench/gallery")).arrayBuffer());
        const worker = new Worker("/workers/recognition.js", { type: "module" });
        const next = (type: string) =>
          new Promise<Record<string, unknown>>((resolve, reject) => {
            const on = (e: MessageEvent) => {
              if (e.data.type === type || e.data.type === "error") {
                worker.removeEventListener("message", on);
                if (e.data.type === "error") reject(new Error(String(e.data.message)));
                else resolve(e.data);
              }
            };
            worker.addEventListener("message", on);
          });
        const ready = next("ready");
        worker.postMessage({
          type: "load",
          models,
          backend: "wasm",
          threshold,
          gallery: { ids, vectors, dim: 128 },
          framePolicy: framePolicy ? undefined : false,
        });
        const r = await ready;
        const images: ArrayBuffer[] = [];
        for (let i = 0; i < count; i++) images.push(await (await fetch(`/__bench/frame/${i}`)).arrayBuffer());
        let matches = 0;
        let embedded = 0;
        const t0 = performance.now();
        for (let i = 0; i < count; i++) {
          const result = next("result");
          worker.postMessage({ type: "frame", frameId: i + 1, timestamp: i * 50, image: { kind: "rgba", width: 1280, height: 720, data: images[i] } }, [
            images[i],
          ]);
          const res = await result;
          const events = res.events as { type: string }[];
          matches += events.filter((e) => e.type === "match").length;
          if ((res.timings as { embed: number }).embed > 0) embedded++;
        }
        const ms = performance.now() - t0;
        worker.terminate();
        return {
          framePolicy,
          msPerFrame: ms / count,
          framesPerSecond: (1000 * count) / ms,
          embedded,
          matches,
          loadMs: r.loadMs as number,
          warmupMs: r.warmupMs as number,
        };
      },
      { models: defaultModelUrls(), ids: gallery.ids, threshold: DEFAULT_MATCH_THRESHOLD, count: FRAMES, framePolicy },
    );

  const results: Awaited<ReturnType<typeof run>>[] = [];
  // Alternated, twice each: the machine is shared, so the two are compared within one run.
  for (const policy of [true, false, true, false]) results.push(await run(policy));
  for (const r of results) {
    expect(r.matches).toBe(1);
    expect(r.embedded).toBeGreaterThan(0);
  }
  const fmt = (r: (typeof results)[number]) =>
    `${r.framePolicy ? "frame policy  " : "every frame   "} ${r.msPerFrame.toFixed(1)} ms/frame = ${r.framesPerSecond.toFixed(1)} frames/s (${r.embedded}/${FRAMES} frames embedded, ${r.matches} match event; worker load ${r.loadMs.toFixed(0)} ms, warm-up ${r.warmupMs.toFixed(0)} ms)`;
  console.log(`bench:station (Chromium worker, WASM, this machine; goal 20 frames/s with the policy)\n${results.map(fmt).join("\n")}`);
  console.log(`bench:station ${JSON.stringify(results)}`);
});
