import { expect, test } from "@playwright/test";
import { FAKE_CAMERA_LAUNCH } from "./support/fake-camera";
import { apiAs } from "./support/api";
import { stateFile } from "./support/roles";
import { setUpLiveDeployment } from "./support/live-deployment";
import { startWhepGateway } from "./support/live-whep-gateway";

// A camera station publishes a fake camera (a video made from ../shared/faces: an enrolled
// person's other photo, then unknown people) over WebRTC; recognition runs in its worker; the
// alert reaches an operator signed in separately, who confirms it and records the outcome.

test.use({ launchOptions: FAKE_CAMERA_LAUNCH });

test("an enrolled person in the camera's video raises exactly one alert per pass; unknown people none", async ({ browser }) => {
  test.setTimeout(240_000);
  const { id, camera } = await setUpLiveDeployment({ name: `E2E live ${Date.now()}` });

  const stationContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const station = await stationContext.newPage();
  station.on("pageerror", (e) => console.log(`[station pageerror] ${e.message}`));
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });

  const operatorContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const operator = await operatorContext.newPage();
  operator.on("pageerror", (e) => console.log(`[operator pageerror] ${e.stack ?? e.message}`));
  await operator.goto(`/live?deployment=${id}`);
  await expect(operator.getByTestId(`tile-${camera.id}`)).toHaveAttribute("data-state", "live", { timeout: 60_000 });

  const wanted = operator.locator('[data-testid="alert-item"][data-subject="WL-0001"]');
  await expect(wanted.first()).toBeVisible({ timeout: 90_000 });
  const firstSeen = Date.now();
  // One pass of the loop (16.5 s) later: one alert for that pass, nothing for the unknown people.
  await operator.waitForTimeout(Math.max(0, 8_000 - (Date.now() - firstSeen)));
  const api = await apiAs("OPERATOR");
  const { alerts } = await (await api.get(`/api/alerts?deploymentId=${id}&limit=100`)).json();
  const real = alerts.filter((a: { isTest: boolean }) => !a.isTest);
  const subjects = real.map((a: { subjectReference: string }) => a.subjectReference);
  expect(subjects.filter((s: string) => s === "WL-0001").length).toBe(1);
  expect(subjects.every((s: string) => s === "WL-0001" || s === "WL-0003")).toBe(true);
  const alert = real.find((a: { subjectReference: string }) => a.subjectReference === "WL-0001");
  expect(alert.similarity).toBeGreaterThanOrEqual(alert.thresholdInForce);

  // The operator's tile shows the picture with the privacy mask driven by the station's face boxes.
  await expect(operator.getByTestId(`tile-${camera.id}`)).toHaveAttribute("data-mask", "masked");
  await expect(operator.getByTestId("alert-banner")).toBeVisible();

  // Keyboard: select the alert, confirm with "c"; then record the outcome.
  await wanted.first().getByRole("button").click();
  const detail = operator.getByTestId("alert-detail");
  await expect(detail.getByRole("heading", { name: "Alert: WL-0001" })).toBeFocused();
  await expect(detail.getByRole("img", { name: "Face captured by the camera" })).toBeVisible();
  await expect(detail.getByRole("img", { name: "Watchlist image of WL-0001" })).toBeVisible();
  await expect(detail.getByTestId("alert-waiting")).toBeVisible();
  await operator.keyboard.press("c");
  await expect(detail.getByTestId("alert-status")).toHaveText("confirmed");
  await expect(detail.getByTestId("alert-decision-time")).toBeVisible();
  await detail.getByRole("button", { name: "Arrested" }).click();
  // "Arrested" is consequential: it takes a second, explicit click.
  await detail.getByRole("button", { name: "Confirm: Arrested" }).click();
  await expect(detail.getByTestId("alert-outcome")).toHaveText("arrested");
  if (process.env.VIGIL_SCREENSHOTS) await operator.screenshot({ path: `${process.env.VIGIL_SCREENSHOTS}/live.png`, fullPage: true });

  const privacy = await apiAs("PRIVACY_OFFICER");
  const { events } = await (await privacy.get(`/api/audit/events?deploymentId=${id}&limit=200`)).json();
  const actions = events.filter((e: { targetId: string }) => e.targetId === alert.id).map((e: { action: string }) => e.action);
  expect(actions).toEqual(expect.arrayContaining(["alert.create", "alert.confirm", "alert.record_outcome", "access.read_alert_image"]));

  await expect
    .poll(
      async () => {
        const { deployments } = await (await api.get("/api/live/deployments")).json();
        return deployments.find((d: { id: string }) => d.id === id)?.facesProcessed ?? 0;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  await stationContext.close();
  await operatorContext.close();
});

test("a WHEP camera: the recogniser pulls it through the app's WHEP relay, publishes it to the control room and raises its alerts", async ({ browser }) => {
  test.setTimeout(240_000);
  // The media gateway: a browser page with the fake camera behind a tiny WHEP endpoint.
  const gatewayContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const gatewayPage = await gatewayContext.newPage();
  await gatewayPage.goto("/api/health");
  const gateway = await startWhepGateway(gatewayPage, Number(process.env.VIGIL_E2E_PORT ?? 3100) + 9);
  try {
    const { id, camera } = await setUpLiveDeployment({ name: `E2E WHEP ${Date.now()}`, whepUrl: gateway.url });
    const recogniserContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
    const recogniser = await recogniserContext.newPage();
    await recogniser.goto(`/station/${camera.id}`);
    await expect(recogniser.getByText("picture from the camera's WHEP gateway")).toBeVisible({ timeout: 30_000 });
    await expect(recogniser.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });
    expect(gateway.offers).toBe(1);

    const operatorContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
    const operator = await operatorContext.newPage();
    await operator.goto(`/live?deployment=${id}`);
    await expect(operator.getByTestId(`tile-${camera.id}`)).toHaveAttribute("data-state", "live", { timeout: 60_000 });
    await expect(operator.locator('[data-testid="alert-item"][data-subject="WL-0001"]').first()).toBeVisible({ timeout: 90_000 });
    await recogniserContext.close();
    await operatorContext.close();
  } finally {
    await gateway.stop();
    await gatewayContext.close();
  }
});

test("the control room takes recognition over from a station, and hands it back", async ({ browser }) => {
  test.setTimeout(240_000);
  const { id, camera } = await setUpLiveDeployment({ name: `E2E takeover ${Date.now()}` });
  const stationContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const station = await stationContext.newPage();
  await station.goto(`/station/${camera.id}`);
  await expect(station.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });

  const controlRoom = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const live = await controlRoom.newPage();
  await live.goto(`/live?deployment=${id}`);
  await expect(live.getByTestId(`tile-${camera.id}`)).toHaveAttribute("data-state", "live", { timeout: 60_000 });
  const [takeover] = await Promise.all([controlRoom.waitForEvent("page"), live.getByRole("link", { name: "Take over recognition" }).click()]);
  await expect(takeover.getByTestId("station-status")).toHaveText("Recognising", { timeout: 90_000 });
  await expect(station.getByTestId("station-taken-over")).toBeVisible({ timeout: 15_000 });
  const stationFrames = Number(await station.getByTestId("station-frames").textContent());

  // Alerts now come from the control room's browser; the operator's tile keeps its privacy mask
  // from the face boxes that the station relays.
  await expect.poll(async () => Number(await takeover.getByTestId("station-matches").textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(async () => Number(await takeover.getByTestId("station-pending").textContent()), { timeout: 30_000 }).toBe(0);
  await expect(live.locator('[data-testid="alert-item"][data-subject="WL-0001"]').first()).toBeVisible();
  await expect(live.getByTestId(`tile-${camera.id}`)).toHaveAttribute("data-mask", "masked");
  expect(Number(await station.getByTestId("station-frames").textContent())).toBeLessThanOrEqual(stationFrames + 1);

  await takeover.close();
  await expect(station.getByTestId("station-taken-over")).toBeHidden({ timeout: 15_000 });
  await expect.poll(async () => Number(await station.getByTestId("station-frames").textContent()), { timeout: 15_000 }).toBeGreaterThan(stationFrames + 1);
  await stationContext.close();
  await controlRoom.close();
});
