import { expect, test } from "@playwright/test";
import { FAKE_CAMERA_LAUNCH } from "./support/fake-camera";
import { apiAs } from "./support/api";
import { stateFile } from "./support/roles";
import { setUpLiveDeployment } from "./support/live-deployment";

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
  operator.on("pageerror", (e) => console.log(`[operator pageerror] ${e.message}`));
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

  await wanted.first().getByRole("button").click();
  const detail = operator.getByTestId("alert-detail");
  await expect(detail.getByRole("img", { name: "Face captured by the camera" })).toBeVisible();
  await detail.getByRole("button", { name: "Confirm match" }).click();
  await expect(detail.getByTestId("alert-status")).toHaveText("confirmed");
  await detail.getByRole("button", { name: "Arrested" }).click();
  await expect(detail.getByText("arrested")).toBeVisible();

  const privacy = await apiAs("PRIVACY_OFFICER");
  const { events } = await (await privacy.get(`/api/audit/events?deploymentId=${id}&limit=200`)).json();
  const actions = events.filter((e: { targetId: string }) => e.targetId === alert.id).map((e: { action: string }) => e.action);
  expect(actions).toEqual(expect.arrayContaining(["alert.create", "alert.confirm", "alert.outcome", "access.alert_image"]));

  await expect
    .poll(async () => {
      const { deployments } = await (await api.get("/api/live/deployments")).json();
      return deployments.find((d: { id: string }) => d.id === id)?.facesProcessed ?? 0;
    }, { timeout: 30_000 })
    .toBeGreaterThan(0);
  await stationContext.close();
  await operatorContext.close();
});
