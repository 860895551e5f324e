import { expect, test, type Browser } from "@playwright/test";
import { apiAs } from "./support/api";
import { setUpLiveDeployment, TINY_JPEG_B64 } from "./support/live-deployment";
import { stateFile } from "./support/roles";

// Accountability end to end: the authoriser sees the expected false alerts before signing; a
// copied /plan address opens the same deployment for another user, and Reload and Back keep the
// place; a closed deployment appears, signed out, on the public transparency record with the
// dossier's figures and no subject reference anywhere in the page or its CSV.

async function submittedApplication(name: string): Promise<string> {
  const commander = await apiAs("COMMANDER");
  const { deployments } = await (await commander.get("/api/deployments")).json();
  const demo = deployments.find((d: { reference: string }) => d.reference === "DEP-DEMO-0001");
  const { watchlists } = await (await commander.get("/api/watchlists")).json();
  const watchlist = watchlists.find((w: { name: string }) => w.name.startsWith("Demo"));
  const now = Date.now();
  const created = await commander.post("/api/deployments", {
    data: {
      name,
      zoneId: demo.zoneId,
      plannedStart: new Date(now + 3600_000).toISOString(),
      plannedEnd: new Date(now + 4 * 3600_000).toISOString(),
      purpose: "Accountability test: locate people wanted by the courts.",
      legalBasis: "Test: common law policing powers.",
      necessity: "Test deployment; necessity recorded for the audit trail.",
      proportionality: "Test deployment; small zone, short window.",
      watchlistCriteria: "Demo subjects wanted by the courts.",
      expectedFootfallPerHour: 2400,
      threshold: 0.45,
      watchlistIds: [watchlist.id],
      cameras: [{ name: `Cam ${name}`, lat: 51.5309, lng: -0.1238, headingDeg: 20, fovDeg: 70, rangeM: 30 }],
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = (await created.json()).deployment.id as string;
  expect((await commander.post(`/api/deployments/${id}/submit`, { data: {} })).status()).toBe(200);
  return id;
}

async function pageAs(browser: Browser, role: "COMMANDER" | "AUTHORISING_OFFICER" | null) {
  const context = await browser.newContext(role ? { storageState: stateFile(role) } : {});
  return context.newPage();
}

test("the authoriser sees the expected false alerts per hour before authorising, and it is recorded", async ({ browser }) => {
  const name = `Accountability estimate ${Date.now()}`;
  const id = await submittedApplication(name);
  const page = await pageAs(browser, "AUTHORISING_OFFICER");
  await page.goto(`/plan?tab=deployments&deployment=${id}`);
  await expect(page.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  const estimate = page.getByTestId("authoriser-estimate");
  await expect(estimate).toContainText(/You are authorising threshold 0\.45 against \d+ watchlist entries and about 2,400 faces an hour/);
  const figure = page.getByTestId("authoriser-estimate").getByTestId("false-alerts-per-hour");
  await expect(figure).toBeVisible();
  const shown = (await figure.textContent())!.trim();
  expect(shown.length).toBeGreaterThan(0);
  // The figure sits above the button the officer signs with.
  const authoriseButton = page.getByRole("button", { name: "Authorise…" });
  const [figureBox, buttonBox] = [await figure.boundingBox(), await authoriseButton.boundingBox()];
  expect(figureBox!.y).toBeLessThan(buttonBox!.y);
  await page.screenshot({ path: "test-results/accountability-authoriser-review.png", fullPage: true });

  await authoriseButton.click();
  const form = page.getByRole("form", { name: "Authorise" });
  await form.getByRole("textbox").fill("Necessary and proportionate, having weighed the false alerts.");
  await form.getByRole("button", { name: "Authorise" }).click();
  await expect(page.getByTestId("deployment-status")).toHaveText(/authorised/i);
  const privacy = await apiAs("PRIVACY_OFFICER");
  const dossier = await (await privacy.get(`/api/oversight/deployments/${id}/dossier?format=json`)).json();
  expect(dossier.expectedFalseAlerts).toMatchObject({ threshold: 0.45, footfallPerHour: 2400 });
  expect(dossier.expectedFalseAlerts.perHour).toBeGreaterThanOrEqual(0);
});

test("a copied /plan address opens the same deployment for another user; Reload and Back keep the place", async ({ browser }) => {
  const name = `Accountability link ${Date.now()}`;
  const id = await submittedApplication(name);
  const commander = await pageAs(browser, "COMMANDER");
  await commander.goto("/plan");
  await commander.getByRole("tab", { name: "Deployments" }).click();
  await expect(commander).toHaveURL(/tab=deployments/);
  await commander.getByRole("button", { name: new RegExp(`^Open .* ${name}$`) }).click();
  await expect(commander.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await expect(commander).toHaveURL(new RegExp(`deployment=${id}`));
  const copied = commander.url();

  await commander.reload();
  await expect(commander.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await commander.goBack();
  await expect(commander.getByRole("button", { name: new RegExp(`^Open .* ${name}$`) })).toBeVisible();
  await commander.goForward();
  await expect(commander.getByRole("heading", { name: new RegExp(name) })).toBeVisible();

  const other = await pageAs(browser, "AUTHORISING_OFFICER");
  await other.goto(copied);
  await expect(other.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await expect(other.getByRole("tab", { name: "Deployments" })).toHaveAttribute("aria-selected", "true");
});

test("an unsaved application warns before it is lost", async ({ browser }) => {
  const page = await pageAs(browser, "COMMANDER");
  await page.goto("/plan?tab=deployments&step=new");
  const form = page.getByRole("form", { name: "New deployment application" });
  await expect(form).toBeVisible();
  await form.getByLabel("Name").fill("Half-written application");
  await expect(form.getByText("Unsaved changes")).toBeVisible();
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole("tab", { name: "Zones" }).click();
  expect(asked).toMatch(/unsaved changes/);
  await expect(form.getByLabel("Name")).toHaveValue("Half-written application");
  await expect(page).toHaveURL(/step=new/);
});

test("a closed deployment appears, signed out, on the transparency record with the dossier's figures and no subject reference", async ({ browser }) => {
  const { id, camera, entries } = await setUpLiveDeployment({ name: `Accountability public ${Date.now()}` });
  const operator = await apiAs("OPERATOR");
  const gallery = await (await operator.get(`/api/live/deployments/${id}/gallery`)).json();
  const subjects = (entries as { id: string; subjectReference: string; isTestSubject?: boolean }[]).filter((e) => !e.isTestSubject).slice(0, 2);
  const alertIds: string[] = [];
  for (const [i, entry] of subjects.entries()) {
    const res = await operator.post("/api/alerts", {
      data: {
        idempotencyKey: `${id}:${camera.id}:public-${i}`,
        deploymentId: id,
        cameraId: camera.id,
        entryId: entry.id,
        similarity: 0.6,
        thresholdInForce: gallery.threshold,
        modelId: gallery.modelId,
        modelVersion: gallery.modelVersion,
        trackId: `public-${i}`,
        capturedAt: new Date().toISOString(),
        probeJpeg: TINY_JPEG_B64,
      },
    });
    expect(res.status(), await res.text()).toBe(200);
    alertIds.push((await res.json()).alert.id);
  }
  expect((await operator.post(`/api/alerts/${alertIds[0]}/adjudicate`, { data: { decision: "CONFIRM" } })).status()).toBe(200);
  expect((await operator.post(`/api/alerts/${alertIds[0]}/outcome`, { data: { outcome: "ARRESTED" } })).status()).toBe(200);
  expect((await operator.post(`/api/alerts/${alertIds[1]}/adjudicate`, { data: { decision: "REJECT", reason: "NOT_THE_PERSON" } })).status()).toBe(200);
  const commanderApi = await apiAs("COMMANDER");
  const closed = await commanderApi.post(`/api/deployments/${id}/close`, { data: { report: "Closed by the accountability test." } });
  expect(closed.status(), await closed.text()).toBe(200);

  const privacy = await apiAs("PRIVACY_OFFICER");
  const dossier = await (await privacy.get(`/api/oversight/deployments/${id}/dossier?format=json`)).json();
  const reference = dossier.deployment.reference as string;
  const pdf = await privacy.get(`/api/oversight/deployments/${id}/dossier?format=pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  const page = await pageAs(browser, null);
  const response = await page.goto("/transparency");
  expect(response!.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Live facial recognition: public record" })).toBeVisible();
  const row = page.locator(`tr[data-reference="${reference}"]`);
  await expect(row).toBeVisible();
  const fmt = (v: number | string | null) => (v === null ? "—" : typeof v === "number" ? v.toLocaleString("en-GB") : v);
  for (const key of [
    "facesSeen",
    "totalAlerts",
    "trueAlertsConfirmed",
    "falseAlertsConfirmed",
    "arrests",
    "otherAction",
    "noAction",
    "watchlistSize",
    "threshold",
    "durationMinutes",
    "date",
  ]) {
    await expect(row.locator(`td[data-column="${key}"]`), key).toHaveText(String(fmt(dossier.figures[key])));
  }
  expect(dossier.figures).toMatchObject({ totalAlerts: 2, trueAlertsConfirmed: 1, falseAlertsConfirmed: 1, arrests: 1 });
  await page.screenshot({ path: "test-results/accountability-transparency.png", fullPage: true });

  const html = await page.content();
  const anonymous = await apiAs(null);
  const csvResponse = await anonymous.get("/api/transparency?format=csv");
  expect(csvResponse.status()).toBe(200);
  const csv = await csvResponse.text();
  expect(csv).toContain(reference);
  const { deployments } = await (await commanderApi.get("/api/deployments")).json();
  expect(deployments.length).toBeGreaterThan(0);
  for (const e of entries as { subjectReference: string }[]) {
    expect(html).not.toContain(e.subjectReference);
    expect(csv).not.toContain(e.subjectReference);
  }
  expect(html).not.toMatch(/<img/i);
});

test("the on-screen deployment record fits 1440 px, and opening Oversight records no export", async ({ browser }) => {
  await submittedApplication(`Accountability 1440 ${Date.now()}`);
  const context = await browser.newContext({ storageState: stateFile("PRIVACY_OFFICER"), viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const privacy = await apiAs("PRIVACY_OFFICER");
  const exportsBefore = (await (await privacy.get("/api/audit/events?action=access.export&limit=200")).json()).events.length;
  await page.goto("/oversight");
  await page.getByRole("tab", { name: "Deployment record" }).click();
  const table = page.getByTestId("record-table");
  await expect(table).toBeVisible();
  const fits = await page.evaluate(() => {
    const region = document.querySelector('[aria-label="Deployment record table"]') as HTMLElement;
    return region.scrollWidth <= region.clientWidth + 1;
  });
  expect(fits, "every column of the record is on screen at 1440 px").toBe(true);
  await page.screenshot({ path: "test-results/accountability-record-1440.png", fullPage: false });
  await page.getByRole("tab", { name: "Audit trail" }).click();
  await expect(page.getByRole("region", { name: "Audit events" })).toBeVisible();
  await page.screenshot({ path: "test-results/accountability-audit-1440.png", fullPage: false });
  const exportsAfter = (await (await privacy.get("/api/audit/events?action=access.export&limit=200")).json()).events.length;
  expect(exportsAfter).toBe(exportsBefore);
});
