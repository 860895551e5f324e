import { mkdir, writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";

// Start-up of the recognition worker on a first and a second visit in one browser profile:
// navigation → "ready" (the worker started by the page's inline script as its HTML is parsed), with the models served from the Cache API (keyed by sha256, verified) and
// the ORT runtime from the HTTP cache the second time. Prints one JSON line and keeps it in
// .vigil/bench/recognition-startup.json. Timings are printed, never asserted.

test("the second visit loads the verified models from the cache and reports its start-up time", async ({ page }) => {
  test.setTimeout(300_000);
  // Without a WebGPU adapter (headless) the worker starts ORT's plain WASM build, not the WebGPU-capable one.
  const runtimeFiles = new Set<string>();
  let workerScripts = 0;
  page.on("request", (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith("/ort/")) runtimeFiles.add(p);
    if (p === "/workers/recognition.js") workerScripts++;
  });
  const visit = async () => {
    workerScripts = 0;
    const t0 = Date.now();
    await page.goto("/bench/recognition");
    await expect(page.getByTestId("bench-ready")).toBeVisible({ timeout: 120_000 });
    const navigationToReadyMs = Date.now() - t0;
    const text = (await page.getByTestId("bench-ready").textContent()) ?? "";
    // The page's inline script started the worker as the HTML was parsed (runtime and models under
    // way before hydration), and the page's client took that worker over instead of starting its own.
    expect(text).toContain("started while the page loaded");
    expect(workerScripts).toBe(1);
    const loadMs = Number(/Models loaded in (\d+) ms/.exec(text)?.[1]);
    const warmupMs = Number(/warm-up (\d+) ms/.exec(text)?.[1]);
    const modelsMs = Number(/models (\d+) ms/.exec(text)?.[1]);
    const runtimeAndSessionsMs = Number(/runtime and sessions (\d+) ms/.exec(text)?.[1]);
    const threads = Number(/(\d+) thread\(s\)/.exec(text)?.[1]);
    return { navigationToReadyMs, loadMs, modelsMs, runtimeAndSessionsMs, warmupMs, threads };
  };
  const first = await visit();
  // The three models are in the Cache API under their content hashes.
  const cached = await page.evaluate(async () => {
    const c = await caches.open("vigil-models-v1");
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toHaveLength(3);
  for (const k of cached) expect(k).toMatch(/^\/__vigil-model-cache\/[0-9a-f]{64}$/);
  const second = await visit();
  const third = await visit();
  expect([...runtimeFiles].filter((f) => f.endsWith(".wasm"))).toEqual(["/ort/ort-wasm-simd-threaded.wasm"]);
  const result = { first, second, third };
  await mkdir(".vigil/bench", { recursive: true });
  await writeFile(".vigil/bench/recognition-startup.json", JSON.stringify(result, null, 2));
  console.log(`recognition-startup ${JSON.stringify(result)}`);
});
