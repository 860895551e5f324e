import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The in-browser figures of the recognition benchmark: the real worker, WASM back end, in
// Debian's Chromium. Prints one JSON line and keeps it in .vigil/bench/recognition-browser.json.
const PHOTO = path.resolve(process.env.VIGIL_SHARED_DIR ?? path.join(process.cwd(), "..", "shared"), "faces", "obama", "1.jpg");

test("recognition runs in a Chromium worker and reports per-stage timings", async ({ page }) => {
  test.setTimeout(180_000);
  page.on("console", (m) => m.type() === "error" && console.log(`[browser] ${m.text()}`));
  page.on("pageerror", (e) => console.log(`[pageerror] ${e.message}`));
  await page.goto("/bench/recognition");
  await expect(page.getByTestId("bench-ready")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("bench-ready")).toContainText("cross-origin isolated: true");
  await page.getByLabel("Photo with one face").setInputFiles(PHOTO);
  const json = page.getByTestId("bench-json");
  await expect(json).toBeVisible({ timeout: 150_000 });
  const result = JSON.parse((await json.textContent()) ?? "{}");
  expect(result.faces).toBeGreaterThanOrEqual(1);
  expect(result.median.total ?? result.median.detect).toBeGreaterThan(0);
  expect(result.backend).toMatch(/wasm|webgpu/);
  await mkdir(".vigil/bench", { recursive: true });
  await writeFile(".vigil/bench/recognition-browser.json", JSON.stringify(result, null, 2));
  console.log(`recognition-browser ${JSON.stringify(result)}`);
});
