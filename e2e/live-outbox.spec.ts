import { expect, request, test, type Page } from "@playwright/test";
import { FAKE_CAMERA_LAUNCH } from "./support/fake-camera";
import { BASE_URL } from "./support/api";
import { setUpLiveDeployment } from "./support/live-deployment";
import { stateFile } from "./support/roles";
import { startInstance } from "./support/second-instance";

// The station's durable outbox: match events made while the server cannot be reached are kept
// (IndexedDB), retried with back-off and stored exactly once when the server is back.
test.use({ launchOptions: FAKE_CAMERA_LAUNCH });

const SECOND_PORT = Number(process.env.VIGIL_E2E_PORT ?? 3100) + 7;

const pending = (station: Page) => station.getByTestId("station-pending").textContent().then(Number);

async function allAlerts(deploymentId: string) {
  const api = await request.newContext({ baseURL: BASE_URL, storageState: stateFile("OPERATOR") });
  const { alerts } = await (await api.get(`/api/alerts?deploymentId=${deploymentId}&limit=100`)).json();
  await api.dispose();
  return alerts as { isTest: boolean; subjectReference: string; sightings: number }[];
}

async function realAlerts(deploymentId: string) {
  return (await allAlerts(deploymentId)).filter((a) => !a.isTest);
}

/** Sightings the station's match events made: every alert's, less the self-test posted by hand at set-up. */
async function stationSightings(deploymentId: string) {
  return (await allAlerts(deploymentId)).reduce((n, a) => n + a.sightings, 0) - 1;
}

test("match events made while the server process is down are delivered once each when it is back", async ({ browser }) => {
  test.setTimeout(240_000);
  const { id, camera } = await setUpLiveDeployment({ name: `E2E outage ${Date.now()}`, dedupWindowSeconds: 3600 });
  let server = await startInstance(SECOND_PORT);
  const context = await browser.newContext({ baseURL: server.url, storageState: stateFile("OPERATOR") });
  const station = await context.newPage();
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });

  // The server process is killed; the station keeps recognising and queues its match events.
  await server.stop();
  await expect.poll(() => pending(station), { timeout: 90_000 }).toBeGreaterThan(0);
  const queued = Number(await station.getByTestId("station-matches").textContent());

  server = await startInstance(SECOND_PORT);
  try {
    await expect.poll(() => pending(station), { timeout: 90_000 }).toBe(0);
    const real = await realAlerts(id);
    // One alert per subject (long de-duplication window), every queued event counted once.
    const perSubject = new Map<string, number>();
    for (const a of real) perSubject.set(a.subjectReference, (perSubject.get(a.subjectReference) ?? 0) + 1);
    expect([...perSubject.values()].every((n) => n === 1)).toBe(true);
    const sightings = real.reduce((n, a) => n + a.sightings, 0);
    expect(sightings).toBeGreaterThanOrEqual(queued);
    // The station keeps recognising (the video loops, blue-list volunteer included), so compare the
    // sightings its events made with its count once nothing is pending at both ends of one read:
    // equal, never more (nothing doubled).
    await expect
      .poll(
        async () => {
          const before = Number(await station.getByTestId("station-matches").textContent());
          const stored = await stationSightings(id);
          const after = Number(await station.getByTestId("station-matches").textContent());
          expect(stored).toBeLessThanOrEqual(after);
          return before === after && (await pending(station)) === 0 ? stored - after : "station still emitting";
        },
        { timeout: 60_000 },
      )
      .toBe(0);
  } finally {
    await context.close();
    await server.stop();
  }
});

test("a lost acknowledgement does not double an event, and queued events survive a reload of the station", async ({ browser }) => {
  test.setTimeout(300_000);
  const { id, camera } = await setUpLiveDeployment({ name: `E2E ack-loss ${Date.now()}`, dedupWindowSeconds: 3600 });
  const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const keys = new Set<string>();
  let mode: "ack-lost" | "down" | "up" = "ack-lost";
  let acksLost = 0;
  await context.route("**/api/alerts", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    keys.add((route.request().postDataJSON() as { idempotencyKey: string }).idempotencyKey);
    if (mode === "up") return route.continue();
    if (mode === "down") return route.abort("connectionrefused");
    // The server stores the event, but its answer never reaches the station.
    const answer = await route.fetch();
    expect(answer.status()).toBe(200);
    acksLost++;
    await route.abort("connectionreset");
  });
  const station = await context.newPage();
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });
  await expect.poll(() => acksLost, { timeout: 90_000 }).toBeGreaterThan(0);

  // Now the server is unreachable; the station is reloaded with events still in its outbox.
  mode = "down";
  await expect.poll(() => pending(station), { timeout: 30_000 }).toBeGreaterThan(0);
  await station.reload();
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });
  await expect.poll(() => pending(station), { timeout: 30_000 }).toBeGreaterThan(0);

  mode = "up";
  await expect.poll(() => pending(station), { timeout: 90_000 }).toBe(0);
  // Every distinct event the station ever sent is stored exactly once: as an alert or as a merged sighting.
  // Test alerts count too: the camera's video also shows the blue-list volunteer, whose pass the station
  // may report within the run (it did once start-up got faster). The station keeps recognising, so a new
  // event can be on its way (its key seen, not yet stored) at the moment of a read: poll until the two
  // agree. A doubled event would keep the stored count above the keys, a lost one below: either fails.
  await expect.poll(async () => ((await pending(station)) === 0 ? (await stationSightings(id)) - keys.size : "events pending"), { timeout: 60_000 }).toBe(0);
  await context.close();
});
