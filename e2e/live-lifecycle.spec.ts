import { expect, test, type Page } from "@playwright/test";
import { apiAs } from "./support/api";
import { FAKE_CAMERA_LAUNCH } from "./support/fake-camera";
import { setUpSelfTestDeployment } from "./support/live-deployment";
import { stateFile } from "./support/roles";

// The station follows the deployment's lifecycle without a reload: a station opened during the
// self-test searches the blue-list volunteer only and raises the test alert; after go-live it
// searches the whole snapshot and raises a real alert; after close it stops and says why. The
// fake camera plays the demo video (scripts/demo-video.ts): the volunteer, WL-0001, an unknown,
// WL-0003, an unknown, in a loop.

test.use({ launchOptions: FAKE_CAMERA_LAUNCH });

type Alert = { id: string; isTest: boolean; subjectReference: string; receivedAt: string; camera: { id: string } };

async function alertsOf(deploymentId: string): Promise<Alert[]> {
  const api = await apiAs("OPERATOR");
  const res = await api.get(`/api/alerts?deploymentId=${deploymentId}&limit=100`);
  expect(res.status()).toBe(200);
  return (await res.json()).alerts as Alert[];
}

/** A marker set on the page's window: it survives as long as the page is not reloaded. */
async function markPage(page: Page) {
  await page.evaluate(() => ((globalThis as { __vigilNoReload?: number }).__vigilNoReload = 42));
}
async function stillSamePage(page: Page) {
  expect(await page.evaluate(() => (globalThis as { __vigilNoReload?: number }).__vigilNoReload)).toBe(42);
}

test("a station open from the self-test to go-live to close follows the deployment without a reload", async ({ browser }) => {
  test.setTimeout(480_000);
  const { id, camera } = await setUpSelfTestDeployment({ name: `E2E lifecycle ${Date.now()}` });
  const shots = process.env.VIGIL_SCREENSHOTS;

  const stationContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const station = await stationContext.newPage();
  station.on("pageerror", (e) => console.log(`[station pageerror] ${e.message}`));
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 180_000 });
  await markPage(station);

  // Self-test: the blue-list volunteer only, and the page says so.
  const root = station.getByTestId("station");
  await expect(root).toHaveAttribute("data-scope-kind", "blue-list");
  await expect(station.getByTestId("station-scope-kind")).toHaveText("Self-test: blue-list only");
  await expect(station.getByTestId("station-scope-line")).toContainText("1 entry");
  await expect(station.getByTestId("station-scope-mismatch")).toBeHidden();

  // The volunteer walks past: the station raises the test alert.
  await expect
    .poll(async () => (await alertsOf(id)).filter((a) => a.isTest && a.subjectReference === "BLUE-0001").length, { timeout: 150_000 })
    .toBeGreaterThan(0);
  // Nobody else can be alerted on during the self-test.
  expect((await alertsOf(id)).filter((a) => !a.isTest)).toHaveLength(0);
  if (shots) await station.screenshot({ path: `${shots}/station-self-test.png`, fullPage: true });

  const operator = await apiAs("OPERATOR");
  const testAlert = (await alertsOf(id)).find((a) => a.isTest)!;
  const confirmed = await operator.post(`/api/alerts/${testAlert.id}/adjudicate`, { data: { decision: "CONFIRM", isTest: true } });
  expect(confirmed.status(), await confirmed.text()).toBe(200);

  const consoleContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const consolePage = await consoleContext.newPage();
  await consolePage.goto(`/live?deployment=${id}`);

  // Go live. The station, still the same page, switches to the whole snapshot.
  const liveAt = Date.now();
  const live = await operator.post(`/api/deployments/${id}/go-live`, { data: {} });
  expect(live.status(), await live.text()).toBe(200);
  await expect(root).toHaveAttribute("data-scope-kind", "full", { timeout: 30_000 });
  console.log(`[lifecycle] station switched to the live gallery ${Date.now() - liveAt} ms after go-live returned (issue: within 2 s)`);
  await expect(station.getByTestId("station-scope-kind")).toHaveText("Live: full watchlist");
  await expect(station.getByTestId("station-scope-mismatch")).toBeHidden();
  await expect(station.getByTestId("station-status")).toHaveText("Recognising");
  await stillSamePage(station);

  // A watchlisted person walks past (WL-0001 or WL-0003, whichever is recognised first on this
  // machine): a real alert, raised by this same page.
  const wanted = (a: Alert) => !a.isTest && (a.subjectReference === "WL-0001" || a.subjectReference === "WL-0003");
  await expect.poll(async () => (await alertsOf(id)).filter(wanted).length, { timeout: 180_000 }).toBeGreaterThan(0);
  const real = (await alertsOf(id)).filter((a) => !a.isTest);
  expect(real.every((a) => Date.parse(a.receivedAt) >= liveAt - 1000)).toBe(true);
  expect(real.every(wanted)).toBe(true);
  await stillSamePage(station);
  if (shots) await station.screenshot({ path: `${shots}/station-live.png`, fullPage: true });

  // The console: the alert, and the deployment shown as live (the server says LIVE).
  const { deployments } = await (await operator.get("/api/live/deployments")).json();
  expect(deployments.find((d: { id: string }) => d.id === id).status).toBe("LIVE");
  await expect(consolePage.locator(`[data-testid="alert-item"][data-subject="${real[0].subjectReference}"]`).first()).toBeVisible({ timeout: 30_000 });
  await expect(consolePage.getByText("live", { exact: true }).first()).toBeVisible({ timeout: 30_000 });

  // Close: the station stops recognising and publishing, and says why.
  const commander = await apiAs("COMMANDER");
  const closed = await commander.post(`/api/deployments/${id}/close`, { data: { report: "End of the end-to-end lifecycle test." } });
  expect(closed.status(), await closed.text()).toBe(200);
  await expect(root).toHaveAttribute("data-phase", "stopped", { timeout: 30_000 });
  await expect(station.getByTestId("station-stopped")).toContainText("Recognition stopped.");
  await expect(station.getByTestId("station-status")).toHaveText("Stopped");
  await stillSamePage(station);
  const frames = Number(await station.getByTestId("station-frames").textContent());
  await station.waitForTimeout(3000);
  expect(Number(await station.getByTestId("station-frames").textContent())).toBe(frames);
  if (shots) await station.screenshot({ path: `${shots}/station-stopped.png`, fullPage: true });

  await stationContext.close();
  await consoleContext.close();
});

test("a station whose gallery is not the scope in force says so loudly; a crashed worker is shown with a restart", async ({ browser }) => {
  test.setTimeout(360_000);
  const { id, camera } = await setUpSelfTestDeployment({ name: `E2E scope ${Date.now()}` });
  const shots = process.env.VIGIL_SCREENSHOTS;
  const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const station = await context.newPage();
  // A server that says a different snapshot is in force than the gallery it serves (what a
  // station with a stale gallery would see): the scope route is answered with another hash and size.
  let lie = false;
  await station.route(`**/api/live/deployments/${id}/scope`, async (route) => {
    if (!lie) return route.continue();
    await route.fulfill({
      json: {
        deploymentId: id,
        reference: "E2E",
        status: "AUTHORISED",
        phase: "self-test",
        stoppedReason: null,
        threshold: 0.45,
        gallery: { kind: "full", size: 6, hash: "feedfacecafebeef", snapshotId: null },
        version: 1000,
      },
    });
  });
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 180_000 });
  await expect(station.getByTestId("station-scope-mismatch")).toBeHidden();
  lie = true;
  // The scope is re-read every 10 s (and on every deployment.changed event).
  await expect(station.getByTestId("station-scope-mismatch")).toBeVisible({ timeout: 30_000 });
  await expect(station.getByTestId("station-scope-mismatch")).toContainText("1 entry held, 6 in force");
  if (shots) await station.screenshot({ path: `${shots}/station-scope-mismatch.png`, fullPage: true });
  await context.close();

  // A worker that dies on its first frame, every time: after its restarts the station shows the crash.
  const crashContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const crashing = await crashContext.newPage();
  await crashing.route("**/workers/recognition.js", (route) =>
    route.fulfill({
      contentType: "text/javascript",
      body: `self.onmessage = (e) => {
        const m = e.data;
        if (m.type === "load") self.postMessage({ type: "ready", backend: "wasm", numThreads: 1, matcher: "flat", gallerySize: 0, threshold: m.threshold, loadMs: 1, warmupMs: 1 });
        else if (m.type === "frame") throw new Error("simulated crash in the recognition worker");
      };`,
    }),
  );
  await crashing.goto(`/station/${camera.id}`);
  const root = crashing.getByTestId("station");
  await expect(root).toHaveAttribute("data-phase", "crashed", { timeout: 180_000 });
  await expect(crashing.getByTestId("station-crashed")).toContainText("Recognition is not running.");
  await expect(crashing.getByTestId("station-crashed")).toContainText("worker");
  await expect(crashing.getByRole("button", { name: "Restart recognition" })).toBeVisible();
  if (shots) await crashing.screenshot({ path: `${shots}/station-crashed.png`, fullPage: true });
  // With a healthy worker again, the restart button brings recognition back on the same page.
  await crashing.unroute("**/workers/recognition.js");
  await crashing.getByRole("button", { name: "Restart recognition" }).click();
  await expect(crashing.getByTestId("station-status")).toHaveText("Recognising", { timeout: 180_000 });
  await expect.poll(async () => Number(await crashing.getByTestId("station-frames").textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
  await crashContext.close();
});
