import { expect, request, test } from "@playwright/test";
import { FAKE_CAMERA_LAUNCH } from "./support/fake-camera";
import { apiAs, BASE_URL } from "./support/api";
import { setUpLiveDeployment, TINY_JPEG_B64 } from "./support/live-deployment";
import { stateFile } from "./support/roles";
import { startInstance } from "./support/second-instance";


test.use({ launchOptions: FAKE_CAMERA_LAUNCH });

const SECOND_PORT = Number(process.env.VIGIL_E2E_PORT ?? 3100) + 7;

test("two app instances on one database: an alert posted through one reaches an operator on the other", async ({ browser }) => {
  test.setTimeout(180_000);
  const { id, camera, entries } = await setUpLiveDeployment({ name: `E2E fan-out ${Date.now()}`, dedupWindowSeconds: 10 });
  const other = await startInstance(SECOND_PORT);
  try {
    const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
    const page = await context.newPage();
    await page.goto(`/live?deployment=${id}`);
    await expect(page.getByText("alert feed connected")).toBeVisible({ timeout: 30_000 });
    const { deployments } = await (await (await apiAs("OPERATOR")).get("/api/live/deployments")).json();
    const d = deployments.find((x: { id: string }) => x.id === id);
    const viaOther = await request.newContext({ baseURL: other.url, storageState: stateFile("OPERATOR"), extraHTTPHeaders: { origin: other.url } });
    const entry = entries.find((e) => e.subjectReference === "WL-0004")!;
    const posted = await viaOther.post("/api/alerts", {
      data: {
        idempotencyKey: `${id}:${camera.id}:fan-out`,
        deploymentId: id,
        cameraId: camera.id,
        entryId: entry.id,
        similarity: 0.8,
        thresholdInForce: d.threshold,
        modelId: d.modelId,
        modelVersion: d.modelVersion,
        trackId: "fan-out",
        capturedAt: new Date().toISOString(),
        probeJpeg: TINY_JPEG_B64,
      },
    });
    expect(posted.status(), await posted.text()).toBe(200);
    await expect(page.locator('[data-testid="alert-item"][data-subject="WL-0004"]')).toBeVisible({ timeout: 10_000 });
    await context.close();
  } finally {
    await other.stop();
  }
});

test("match events made while the server is down are delivered once each when it is back", async ({ browser }) => {
  test.setTimeout(240_000);
  const { id, camera } = await setUpLiveDeployment({ name: `E2E outage ${Date.now()}`, dedupWindowSeconds: 3600 });
  let server = await startInstance(SECOND_PORT);
  const context = await browser.newContext({ baseURL: server.url, storageState: stateFile("OPERATOR") });
  const station = await context.newPage();
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });

  // The server goes away; the station keeps recognising and queues its match events.
  await server.stop();
  await expect.poll(async () => Number(await station.getByTestId("station-pending").textContent()), { timeout: 90_000 }).toBeGreaterThan(0);
  const queued = Number(await station.getByTestId("station-matches").textContent());

  server = await startInstance(SECOND_PORT);
  try {
    await expect.poll(async () => Number(await station.getByTestId("station-pending").textContent()), { timeout: 90_000 }).toBe(0);
    const api = await request.newContext({ baseURL: BASE_URL, storageState: stateFile("OPERATOR") });
    const { alerts } = await (await api.get(`/api/alerts?deploymentId=${id}&limit=100`)).json();
    const real = alerts.filter((a: { isTest: boolean }) => !a.isTest);
    // One alert per subject (long de-duplication window), every queued event counted once.
    const perSubject = new Map<string, number>();
    for (const a of real) perSubject.set(a.subjectReference, (perSubject.get(a.subjectReference) ?? 0) + 1);
    expect([...perSubject.values()].every((n) => n === 1)).toBe(true);
    const sightings = real.reduce((n: number, a: { sightings: number }) => n + a.sightings, 0);
    expect(sightings).toBeGreaterThanOrEqual(queued);
    expect(sightings).toBe(Number(await station.getByTestId("station-matches").textContent()));
  } finally {
    await context.close();
    await server.stop();
  }
});
