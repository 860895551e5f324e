import { expect, test, type Page } from "@playwright/test";
import { readdirSync } from "node:fs";
import path from "node:path";
import { apiAs } from "./support/api";
import { TINY_JPEG_B64 } from "./support/live-deployment";
import { queryE2e, runRetentionAsOf } from "./support/planning-db";
import { enrolEntryThroughPage } from "./support/enrol-entry";
import { stateFile } from "./support/roles";

// The planning journey end to end, in Chromium: a commander draws a zone on the map, imports the
// sample crime file, enrols a photo through the browser worker, applies for a deployment and
// submits it; the authorising officer (not the commander) authorises it; it cannot go live
// before its window or without signage and the self-test; it goes live, is closed with a
// report, and 24 hours later the retention job has destroyed its frozen watchlist and left a
// deletion receipt.

const FACES = path.resolve("..", "shared", "faces");
const tag = Date.now().toString(36).slice(-5);
const ZONE = `E2E approach ${tag}`;
const WATCHLIST = `E2E list ${tag}`;
const SUBJECT = `E2E-${tag}`;
const DEPLOYMENT = `E2E deployment ${tag}`;

const pad = (n: number) => String(n).padStart(2, "0");
const localInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

async function openDeployment(page: Page) {
  await page.goto("/plan");
  await page.getByRole("tab", { name: "Deployments" }).click();
  await page.getByRole("button", { name: new RegExp(`^Open .* ${DEPLOYMENT}$`) }).click();
  await expect(page.getByRole("heading", { name: new RegExp(DEPLOYMENT) })).toBeVisible();
}

test("plan, authorise, run and close a deployment; its frozen watchlist is destroyed 24 hours later", async ({ browser }) => {
  test.setTimeout(420_000);
  const commanderContext = await browser.newContext({ storageState: stateFile("COMMANDER") });
  const page = await commanderContext.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await test.step("the commander draws a zone on the map, clicking its corners", async () => {
    await page.goto("/plan");
    await expect(page.getByRole("heading", { name: "Plan" })).toBeVisible();
    await page.getByRole("button", { name: "New zone" }).click();
    const form = page.getByRole("form", { name: "New zone" });
    await expect(form.getByTestId("outline-status")).toContainText("not drawn yet");
    await page.getByRole("button", { name: "Draw outline" }).click();
    const map = page.getByRole("region", { name: /Planning map/ });
    const box = (await map.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // North-west of the demo zone, about 200 m x 150 m at zoom 16.
    for (const [dx, dy] of [
      [-280, -210],
      [-150, -210],
      [-150, -110],
      [-280, -110],
    ]) {
      await page.mouse.click(cx + dx, cy + dy);
    }
    await page.getByRole("button", { name: "Finish outline" }).click();
    await expect(form.getByTestId("outline-status")).toContainText(/^4 corners, [\d,]+ m²$/);
    await form.getByLabel("Name").fill(ZONE);
    await form.getByLabel("Location type").selectOption("CRIME_HOTSPOT");
    await form
      .getByLabel("Rationale")
      .fill("Robbery and knife crime on the western approach to the station; the outline covers both footpaths from Euston Road.");
    await form.getByLabel(/Borough/).fill("Camden");
    await form.getByRole("button", { name: "Save zone" }).click();
    await expect(page.getByRole("button", { name: new RegExp(ZONE) })).toBeVisible();
    const commander = await apiAs("COMMANDER");
    const { zones } = await (await commander.get("/api/zones")).json();
    const zone = zones.find((z: { name: string }) => z.name === ZONE);
    expect(zone.geometry.coordinates[0]).toHaveLength(5);
    expect(zone.areaM2).toBeGreaterThan(5_000);
    expect(zone.areaM2).toBeLessThan(100_000);
  });

  await test.step("imports the sample crime file, with progress, rejected lines and the zone ranking", async () => {
    await page.getByRole("tab", { name: "Intelligence" }).click();
    await page.getByLabel("CSV file").setInputFiles("public/samples/crime-sample.csv");
    await page.getByRole("button", { name: "Import file" }).click();
    await expect(page.getByTestId("import-result")).toContainText("400 rows processed, 393 imported, 7 rejected");
    const rejected = page.getByRole("table", { name: "Rejected lines" });
    await expect(rejected.getByRole("row", { name: /^30 / })).toContainText("not YYYY-MM");
    await expect(rejected.getByRole("row", { name: /^372 / })).toContainText("malformed quoting");
    await expect(page.getByTestId("zone-ranking")).toContainText(ZONE);
    await expect(page.getByRole("status").filter({ hasText: /in view, on \d+ m squares/ })).toBeVisible();
  });

  await test.step("creates a watchlist and enrols a photo through the browser's recognition worker", async () => {
    await page.goto("/watchlists");
    const create = page.getByRole("form", { name: "New watchlist" });
    await create.getByLabel("Name").fill(WATCHLIST);
    await create.getByRole("button", { name: "Create watchlist" }).click();
    await expect(page.getByRole("heading", { name: WATCHLIST })).toBeVisible();
    const photo = path.join(FACES, "kit_harington", readdirSync(path.join(FACES, "kit_harington")).sort()[0]);
    const entry = await enrolEntryThroughPage(page, { subject: SUBJECT, photo, imageSource: "Custody image (synthetic test photo)", timeoutMs: 90_000 });
    await expect(entry).toContainText("awaiting review");
  });

  let id = "";
  const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 2 * 60_000);
  await test.step("applies for a deployment, seeing the threshold's expected false alerts, and submits it", async () => {
    await page.goto("/plan");
    await page.getByRole("tab", { name: "Deployments" }).click();
    await page.getByRole("button", { name: "New application" }).click();
    const form = page.getByRole("form", { name: "New deployment application" });
    await form.getByLabel("Name", { exact: true }).fill(DEPLOYMENT);
    await form.getByLabel("Zone").selectOption({ label: ZONE });
    await form.getByLabel("Window starts").fill(localInput(start));
    await form.getByLabel(/^Window ends/).fill(localInput(new Date(start.getTime() + 2 * 3600_000)));
    await form.getByLabel("Purpose").fill("Locate people wanted by the courts for robbery who use the western approach.");
    await form.getByLabel("Legal basis").fill("Common law policing powers; DPA 2018 s.35 (synthetic test).");
    await form.getByLabel("Why it is necessary").fill("Arrest attempts at home addresses have failed for these subjects.");
    await form.getByLabel("Why it is proportionate").fill("A small zone for two hours, a bespoke watchlist, signage at both footpaths.");
    await form.getByLabel(/^Watchlist criteria/).fill("Wanted by the courts for robbery within the last 12 months.");
    await form.getByLabel(new RegExp(WATCHLIST)).check();
    await form.getByLabel(/^Demo — King's Cross wanted/).check();
    await form.getByRole("button", { name: "Add camera at map centre" }).click();
    await form.getByRole("group", { name: "Camera 1" }).getByLabel("Name").fill("Van 2 — western footpath");
    await form.getByLabel("Match threshold").fill("0.5");
    await expect(form.getByTestId("false-alerts-per-hour")).toContainText(/per hour|none expected/);
    await expect(form.getByText(/Extrapolated|Measured/)).toBeVisible();
    await form.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("deployment-status")).toHaveText("draft");
    await page.getByRole("button", { name: "Submit for authorisation" }).click();
    await expect(page.getByTestId("deployment-status")).toHaveText("submitted");
    const commander = await apiAs("COMMANDER");
    const { deployments } = await (await commander.get("/api/deployments")).json();
    id = deployments.find((d: { name: string }) => d.name === DEPLOYMENT).id;
    expect(id).toBeTruthy();
  });

  await test.step("the commander cannot authorise their own application", async () => {
    await expect(page.getByRole("button", { name: /^Authorise/ })).toHaveCount(0);
    const commander = await apiAs("COMMANDER");
    const res = await commander.post(`/api/deployments/${id}/authorise`, { data: { reasons: "I authorise my own application." } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  await test.step("the authorising officer reviews the new entry, then authorises the application with written reasons", async () => {
    const aoContext = await browser.newContext({ storageState: stateFile("AUTHORISING_OFFICER") });
    const ao = await aoContext.newPage();
    await ao.goto("/watchlists");
    await ao.getByRole("button", { name: new RegExp(WATCHLIST) }).click();
    const entry = ao.getByTestId(`entry-${SUBJECT}`);
    await expect(entry).toContainText("awaiting review");
    await entry.getByRole("button", { name: "Mark reviewed" }).click();
    await expect(entry).toContainText("by Ash Authoriser");
    await expect(entry).not.toContainText("awaiting review");
    await openDeployment(ao);
    await ao.getByRole("button", { name: "Authorise…" }).click();
    const decision = ao.getByRole("form", { name: "Authorise" });
    await decision.getByRole("textbox").fill("Necessary and proportionate: a targeted zone, a short window and a reviewed, bespoke watchlist.");
    await decision.getByRole("button", { name: "Authorise" }).click();
    await expect(ao.getByTestId("deployment-status")).toHaveText("authorised");
    await expect(ao.getByTestId("authorisation-record")).toContainText("Ash Authoriser");
    await expect(ao.getByTestId("snapshot-record")).toContainText(/\d+ entries, SHA-256/);
    await aoContext.close();
  });

  await test.step("it cannot go live before its window, without signage or without the self-test", async () => {
    await openDeployment(page);
    await page.getByRole("button", { name: "Go live" }).click();
    await expect(page.getByTestId("step-message")).toContainText("window opens");
    await expect(page.getByTestId("deployment-status")).toHaveText("authorised");
    const wait = start.getTime() - Date.now() + 1500;
    if (wait > 0) await page.waitForTimeout(wait);
    await page.getByRole("button", { name: "Go live" }).click();
    await expect(page.getByTestId("step-message")).toContainText("signage");
    await page.getByRole("button", { name: "Confirm signage is up" }).click();
    await expect(page.getByTestId("step-message")).toContainText("Done");
    await page.getByRole("button", { name: "Go live" }).click();
    await expect(page.getByTestId("step-message")).toContainText("self-test has not passed");
  });

  await test.step("the commander puts the operator on the deployment's roster (and can undo a removal)", async () => {
    const operator = await apiAs("OPERATOR");
    expect((await operator.get(`/api/live/deployments/${id}/gallery`)).status(), "not on the roster yet").toBe(404);
    const roster = page.getByTestId("deployment-roster");
    await expect(roster.getByTestId("roster-empty")).toBeVisible();
    await roster.getByRole("combobox").selectOption({ label: "Olu Operator (Control-room operator, operator@vigil.local)" });
    await roster.getByRole("button", { name: "Add to roster" }).click();
    await expect(roster.getByTestId("roster-message")).toContainText("Olu Operator is on the roster");
    await roster.getByRole("button", { name: "Remove Olu Operator from the roster" }).click();
    await expect(roster.getByTestId("roster-message")).toContainText("off the roster");
    await expect(roster.getByTestId("roster-empty")).toBeVisible();
    await roster.getByRole("button", { name: "Undo" }).click();
    await expect(roster.getByTestId("roster-member")).toHaveCount(1);
    if (process.env.VIGIL_SCREENSHOTS) await roster.screenshot({ path: `${process.env.VIGIL_SCREENSHOTS}/roster.png` });
  });

  await test.step("an operator marks a blue-list volunteer's alert as the self-test, and it goes live", async () => {
    const operator = await apiAs("OPERATOR");
    const gallery = await (await operator.get(`/api/live/deployments/${id}/gallery`)).json();
    const blue = gallery.entries.find((e: { isTestSubject: boolean }) => e.isTestSubject);
    expect(blue, "the demo watchlist has a blue-list volunteer").toBeTruthy();
    const { deployment } = await (await operator.get(`/api/deployments/${id}`)).json();
    const alert = await operator.post("/api/alerts", {
      data: {
        idempotencyKey: `${id}:self-test`,
        deploymentId: id,
        cameraId: deployment.cameras[0].id,
        entryId: blue.id,
        similarity: 0.91,
        thresholdInForce: gallery.threshold,
        modelId: gallery.modelId,
        modelVersion: gallery.modelVersion,
        trackId: "walk-past",
        capturedAt: new Date().toISOString(),
        probeJpeg: TINY_JPEG_B64,
      },
    });
    expect(alert.status(), await alert.text()).toBe(200);
    const alertId = (await alert.json()).alert.id;
    const passed = await operator.post(`/api/deployments/${id}/record-self-test`, { data: { alertId } });
    expect(passed.status(), await passed.text()).toBe(200);
    await page.getByRole("button", { name: "Go live" }).click();
    await expect(page.getByTestId("deployment-status")).toHaveText("live");
    await expect(page.getByText("0 real, 1 self-test (counted apart)")).toBeVisible();
  });

  await test.step("the commander closes it with a report", async () => {
    await page.getByRole("button", { name: "Close deployment…" }).click();
    const form = page.getByRole("form", { name: "Close deployment" });
    await form.getByRole("textbox").fill("No subjects seen during the window; closed at the end of the evening peak as planned.");
    await form.getByRole("button", { name: "Close deployment" }).click();
    await expect(page.getByTestId("deployment-status")).toHaveText("closed");
    await expect(page.getByTestId("closure-record")).toContainText("No subjects seen");
  });

  await test.step("24 hours after closure the retention job has destroyed the frozen watchlist, leaving a deletion receipt", async () => {
    const commander = await apiAs("COMMANDER");
    const before = (await (await commander.get(`/api/deployments/${id}`)).json()).deployment;
    expect(before.snapshots.filter((s: { destroyedAt: string | null }) => !s.destroyedAt)).toHaveLength(1);
    const closedAt = new Date(before.closedAt);
    const output = await runRetentionAsOf(new Date(closedAt.getTime() + 25 * 3600_000));
    expect(output).toMatch(/watchlist_snapshot/);
    const after = (await (await commander.get(`/api/deployments/${id}`)).json()).deployment;
    expect(after.snapshots.every((s: { destroyedAt: string | null }) => !!s.destroyedAt)).toBe(true);
    const [{ n }] = await queryE2e<{ n: number }>(`SELECT count(*)::int AS n FROM "WatchlistSnapshot" WHERE "deploymentId" = $1 AND payload IS NOT NULL`, [id]);
    expect(n).toBe(0);
    const receipts = await queryE2e<{ count: number; reason: string }>(
      `SELECT count, reason FROM "DeletionReceipt" WHERE kind = 'watchlist_snapshot' AND "createdAt" > $1`,
      [closedAt],
    );
    expect(receipts.reduce((s, r) => s + r.count, 0)).toBeGreaterThanOrEqual(1);
    await openDeployment(page);
    await expect(page.getByTestId("snapshot-record")).toContainText("destroyed");
  });

  expect(pageErrors).toEqual([]);
  await commanderContext.close();
});
