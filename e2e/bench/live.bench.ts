import { mkdir, writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { FAKE_CAMERA_LAUNCH } from "../support/fake-camera";
import { setUpLiveDeployment } from "../support/live-deployment";
import { stateFile } from "../support/roles";

// Measured by `npm run bench:live`: frames per second recognised at the station, and latency
// from the first frame in which a watchlisted face appears to the alert shown on another
// operator's page (same machine, same clock).
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 75);

test.use({ launchOptions: FAKE_CAMERA_LAUNCH });

test("live latency and throughput", async ({ browser }) => {
  test.setTimeout((SECONDS + 180) * 1000);
  const { id, camera } = await setUpLiveDeployment({ name: `Bench ${Date.now()}`, dedupWindowSeconds: 10 });
  const hook = () => {
    (globalThis as { __vigilBench?: unknown }).__vigilBench = { matches: [], shown: [] };
  };
  const stationCtx = await browser.newContext({ storageState: stateFile("OPERATOR") });
  await stationCtx.addInitScript(hook);
  const station = await stationCtx.newPage();
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });
  const opCtx = await browser.newContext({ storageState: stateFile("OPERATOR") });
  await opCtx.addInitScript(hook);
  const operator = await opCtx.newPage();
  await operator.goto(`/live?deployment=${id}`);
  await expect(operator.getByText("alert feed connected")).toBeVisible({ timeout: 30_000 });
  await operator.waitForTimeout(SECONDS * 1000);

  type M = { subject: string; firstSeenAt: number; emittedAt: number };
  type S = { subject: string; shownAt: number };
  const matches = (await station.evaluate(() => (globalThis as unknown as { __vigilBench: { matches: M[] } }).__vigilBench.matches)) as M[];
  const shown = (await operator.evaluate(() => (globalThis as unknown as { __vigilBench: { shown: S[] } }).__vigilBench.shown)) as S[];
  const fps = Number(await station.locator("dd").nth(1).textContent());
  const latencies: number[] = [];
  const toShow: number[] = [];
  for (const s of shown) {
    const m = matches.filter((x) => x.subject === s.subject && x.emittedAt <= s.shownAt + 50).at(-1);
    if (m) {
      latencies.push(s.shownAt - m.firstSeenAt);
      toShow.push(s.shownAt - m.emittedAt);
    }
  }
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]) : null;
  };
  const result = {
    seconds: SECONDS,
    cameras: 1,
    fpsPerCamera: fps,
    alerts: latencies.length,
    latencyP50Ms: pct(latencies, 50),
    latencyP95Ms: pct(latencies, 95),
    deliveryP50Ms: pct(toShow, 50),
    deliveryP95Ms: pct(toShow, 95),
  };
  await mkdir(".vigil/bench", { recursive: true });
  await writeFile(".vigil/bench/live.json", JSON.stringify(result));
  expect(latencies.length).toBeGreaterThan(0);
  await stationCtx.close();
  await opCtx.close();
});
