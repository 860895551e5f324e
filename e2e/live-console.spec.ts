import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { apiAs } from "./support/api";
import { setUpLiveDeployment, TINY_JPEG_B64 } from "./support/live-deployment";
import { stateFile } from "./support/roles";
import { secondOperator, secondOperatorApi } from "./support/second-operator";

// The operator's console (/live): several cameras in a grid, adjudication that cannot slip (a reason
// to reject, a few seconds of undo, test outcomes for test alerts) and the two-person rule.

const shots = process.env.VIGIL_SCREENSHOTS;
/** Keys go to the console, not to the button last clicked. */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
};

type Setup = Awaited<ReturnType<typeof setUpLiveDeployment>>;

/** A match event as a station would post it, for the subject with this reference. */
async function postMatch(api: APIRequestContext, d: Setup, subject: string, key: string) {
  const entry = d.entries.find((e) => e.subjectReference === subject)!;
  const posted = await api.post("/api/alerts", {
    data: {
      idempotencyKey: `${d.id}:${key}`,
      deploymentId: d.id,
      cameraId: d.camera.id,
      entryId: entry.id,
      similarity: 0.8,
      thresholdInForce: d.gallery.threshold,
      modelId: d.gallery.modelId,
      modelVersion: d.gallery.modelVersion,
      trackId: key,
      capturedAt: new Date().toISOString(),
      probeJpeg: TINY_JPEG_B64,
    },
  });
  expect(posted.status(), await posted.text()).toBe(200);
  return (await posted.json()).alert as { id: string };
}

async function auditActions(deploymentId: string, alertId: string): Promise<string[]> {
  const privacy = await apiAs("PRIVACY_OFFICER");
  const { events } = await (await privacy.get(`/api/audit/events?deploymentId=${deploymentId}&limit=200`)).json();
  return events.filter((e: { targetId: string }) => e.targetId === alertId).map((e: { action: string }) => e.action);
}

test("several cameras in a grid: focus and full screen on one tile (keyboard too), each with its station address", async ({ browser }) => {
  test.setTimeout(120_000);
  const d = await setUpLiveDeployment({ name: `E2E grid ${Date.now()}`, cameras: 4 });
  const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await page.goto(`/live?deployment=${d.id}`);
  await expect(page.getByTestId("feed-state")).toHaveText("alert feed connected", { timeout: 30_000 });
  await expect(page.getByTestId("deployment-phase")).toHaveText("live");
  await expect(page.getByTestId("scope-details")).toContainText("full watchlist snapshot");

  const grid = page.getByTestId("camera-grid");
  await expect(grid).toHaveAttribute("data-count", "4");
  await expect(grid.locator("figure.tile")).toHaveCount(4);
  for (const c of d.cameras) {
    const address = page.getByTestId(`station-address-${c.id}`);
    await expect(address.locator("code")).toHaveText(`/station/${c.id}`);
    await expect(address.getByRole("link", { name: `Open the station of ${c.name} in a new tab` })).toHaveAttribute("href", `/station/${c.id}`);
  }
  await page.getByRole("button", { name: `Copy the station address of ${d.camera.name}` }).click();
  await expect(page.getByTestId(`station-address-${d.camera.id}`).getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/station/${d.camera.id}$`));
  await shot(page, "live-grid");

  // Keyboard: t focuses the next tile, Escape leaves focus; the focused tile spans the row.
  const tiles = grid.locator("figure.tile");
  await blur(page);
  await page.keyboard.press("t");
  await expect(grid.locator('figure.tile[data-focused="true"]')).toHaveCount(1);
  const first = await grid.locator('figure.tile[data-focused="true"]').getAttribute("data-testid");
  await page.keyboard.press("t");
  await expect(grid.locator('figure.tile[data-focused="true"]')).not.toHaveAttribute("data-testid", first!);
  const focused = grid.locator('figure.tile[data-focused="true"]');
  const [gridBox, tileBox] = [await grid.boundingBox(), await focused.boundingBox()];
  expect(tileBox!.width).toBeGreaterThan(gridBox!.width * 0.9);
  await shot(page, "live-focused-tile");
  await page.keyboard.press("Escape");
  await expect(grid.locator('figure.tile[data-focused="true"]')).toHaveCount(0);

  // Full screen on one tile, from its button and from the f key.
  await tiles
    .nth(1)
    .getByRole("button", { name: /full screen/i })
    .click();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute("data-testid") ?? null))
    .toBe(await tiles.nth(1).getAttribute("data-testid"));
  await page.evaluate(() => document.exitFullscreen());
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
  await page.keyboard.press("t");
  await page.keyboard.press("f");
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute("data-testid") ?? null))
    .toBe(await grid.locator('figure.tile[data-focused="true"]').getAttribute("data-testid"));
  await page.evaluate(() => document.exitFullscreen());
  await context.close();

  // The deployment's record on /plan shows the same station addresses.
  const commander = await browser.newContext({ storageState: stateFile("COMMANDER") });
  const plan = await commander.newPage();
  await plan.goto("/plan");
  await plan.getByRole("tab", { name: "Deployments" }).click();
  const reference = (await (await (await apiAs("COMMANDER")).get(`/api/deployments/${d.id}`)).json()).deployment.reference as string;
  await plan.getByRole("button", { name: new RegExp(`^Open ${reference} `) }).click();
  for (const c of d.cameras) {
    const address = plan.getByTestId(`station-address-${c.id}`);
    await expect(address.locator("code")).toHaveText(`/station/${c.id}`);
    await expect(address.getByRole("link", { name: /^Open the station of/ })).toHaveAttribute("href", `/station/${c.id}`);
  }
  await plan.getByRole("table").filter({ hasText: "Station address" }).scrollIntoViewIfNeeded();
  await shot(plan, "plan-station-addresses");
  await commander.close();
});

test("rejecting asks for a reason and can be undone; the audit trail shows both; a test alert offers only test outcomes", async ({ browser }) => {
  test.setTimeout(120_000);
  const d = await setUpLiveDeployment({ name: `E2E reject ${Date.now()}` });
  const operatorApi = await apiAs("OPERATOR");
  const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const page = await context.newPage();
  await page.goto(`/live?deployment=${d.id}`);
  await expect(page.getByTestId("feed-state")).toHaveText("alert feed connected", { timeout: 30_000 });

  const alert = await postMatch(operatorApi, d, "WL-0002", "reject-undo");
  // The server refuses a rejection without a reason, naming the field.
  const bare = await operatorApi.post(`/api/alerts/${alert.id}/adjudicate`, { data: { decision: "REJECT" } });
  expect(bare.status()).toBe(400);
  expect(await bare.text()).toContain("reason");

  const item = page.locator(`[data-testid="alert-item"][data-alert-id="${alert.id}"]`);
  await expect(item).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("alert-banner")).toBeVisible();
  await item.getByRole("button").click();
  const detail = page.getByTestId("alert-detail");
  await expect(detail.getByRole("heading", { name: "Alert: WL-0002" })).toBeFocused();

  // "r" no longer rejects at once: it asks why. Enter without a reason is refused on the page.
  await page.keyboard.press("r");
  const picker = page.getByTestId("reject-picker");
  await expect(picker).toBeVisible();
  await expect(item).toHaveAttribute("data-status", "PENDING");
  await page.keyboard.press("Enter");
  await expect(picker.getByRole("alert")).toHaveText("Pick a reason (1–4).");
  await page.keyboard.press("1");
  await expect(picker.getByRole("radio", { name: /Not the person/ })).toBeChecked();
  await shot(page, "live-reject-reason");
  await page.keyboard.press("Enter");
  await expect(item).toHaveAttribute("data-status", "REJECTED");
  const toast = page.locator(`[data-testid="undo-toast"][data-alert-id="${alert.id}"]`);
  await expect(toast).toHaveAttribute("data-state", "open");
  await expect(toast).toContainText("Rejected WL-0002 (Not the person)");
  await expect(toast.getByLabel(/seconds left to undo/)).toBeVisible();

  // "u" undoes it (within the 10 s): the alert is open again, and both decisions stay on the record.
  await blur(page);
  await page.keyboard.press("u");
  await expect(toast).toHaveAttribute("data-state", "undone");
  await expect(item).toHaveAttribute("data-status", "PENDING");
  await expect(detail.getByTestId("alert-decisions")).toContainText("rejected (Not the person)");
  await expect(detail.getByTestId("alert-decisions").locator('li[data-undone="true"]')).toHaveCount(1);
  expect(await auditActions(d.id, alert.id)).toEqual(expect.arrayContaining(["alert.reject", "alert.undo"]));

  // Confirm, then the outcome: "Arrested" asks for a second click.
  await detail.getByRole("button", { name: "Confirm match" }).click();
  await expect(item).toHaveAttribute("data-status", "CONFIRMED");
  await expect(page.locator('[data-testid="undo-toast"][data-state="open"]')).toContainText("Confirmed WL-0002");
  await shot(page, "live-undo-toast");
  await detail.getByRole("button", { name: "Arrested" }).click();
  await expect(page.getByTestId("outcome-confirm")).toBeVisible();
  await page.getByTestId("outcome-confirm").getByRole("button", { name: "Cancel" }).click();
  await expect(detail.getByTestId("alert-outcome")).toHaveCount(0);
  await detail.getByRole("button", { name: "Not located" }).click();
  await expect(detail.getByTestId("alert-outcome")).toHaveText("not located");

  // The self-test alert (blue list) offers only test outcomes.
  const testItem = page.locator('[data-testid="alert-item"]', { hasText: "TEST" }).first();
  await testItem.getByRole("button").click();
  await expect(detail.getByRole("heading", { name: /\(self-test\)/ })).toBeVisible();
  const outcomes = detail.getByRole("group", { name: "Record the test outcome" });
  await expect(outcomes.getByRole("button")).toHaveText(["Test passed", "Test failed"]);
  await expect(detail.getByRole("button", { name: "Arrested" })).toHaveCount(0);
  await context.close();
});

test("two-person confirmation: the first operator's confirmation waits for a second, different operator", async ({ browser }) => {
  test.setTimeout(150_000);
  const second = await secondOperator(browser);
  const secondApi = await secondOperatorApi(browser);
  const d = await setUpLiveDeployment({ name: `E2E two-person ${Date.now()}`, requireSecondConfirmation: true, secondOperator: secondApi });
  const firstApi = await apiAs("OPERATOR");

  const firstContext = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const first = await firstContext.newPage();
  await first.goto(`/live?deployment=${d.id}`);
  await expect(first.getByTestId("feed-state")).toHaveText("alert feed connected", { timeout: 30_000 });
  const alert = await postMatch(firstApi, d, "WL-0003", "two-person");
  const item = first.locator(`[data-testid="alert-item"][data-alert-id="${alert.id}"]`);
  await item.getByRole("button").click();
  const detail = first.getByTestId("alert-detail");
  await expect(detail).toContainText("This deployment requires two operators to confirm.");
  await first.keyboard.press("c");
  await expect(item).toHaveAttribute("data-status", "AWAITING_SECOND");
  await expect(detail.getByTestId("awaiting-second")).toHaveText("You confirmed this alert; a second, different operator must confirm it.");
  await expect(detail.getByRole("button", { name: "Second confirmation" })).toBeDisabled();
  // The same operator cannot give the second confirmation, not even through the API.
  const again = await firstApi.post(`/api/alerts/${alert.id}/adjudicate`, { data: { decision: "CONFIRM" } });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain("different operator");

  // A second operator, on their own console, confirms.
  const secondContext = await browser.newContext({ storageState: second.stateFile });
  const other = await secondContext.newPage();
  await other.goto(`/live?deployment=${d.id}`);
  const otherItem = other.locator(`[data-testid="alert-item"][data-alert-id="${alert.id}"]`);
  await expect(otherItem).toHaveAttribute("data-status", "AWAITING_SECOND", { timeout: 30_000 });
  await otherItem.getByRole("button").click();
  const otherDetail = other.getByTestId("alert-detail");
  await expect(otherDetail.getByTestId("awaiting-second")).toHaveText("Confirmed once; a second, different operator must confirm.");
  await otherDetail.getByRole("button", { name: "Second confirmation" }).click();
  await expect(otherItem).toHaveAttribute("data-status", "CONFIRMED");
  // The first operator's console follows without a reload.
  await expect(item).toHaveAttribute("data-status", "CONFIRMED", { timeout: 15_000 });
  await expect(detail.getByTestId("alert-decisions")).toContainText(`confirmed by ${second.name}`);
  expect((await auditActions(d.id, alert.id)).filter((a) => a === "alert.confirm")).toHaveLength(2);
  await firstContext.close();
  await secondContext.close();
});

test("the empty console says what to do", async ({ browser }) => {
  // Runs against whatever else is live; only checks the empty state when nothing is.
  const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const page = await context.newPage();
  await page.route("**/api/live/deployments", (route) => route.fulfill({ json: { deployments: [] } }));
  await page.goto("/live");
  await expect(page.getByTestId("live-empty")).toContainText("No deployment on your roster is live or in its self-test.");
  await shot(page, "live-empty");
  await context.close();
});
