import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { setUpLiveDeployment, TINY_JPEG_B64 } from "./support/live-deployment";
import { DEMO, stateFile } from "./support/roles";

const run = promisify(execFile);

test.describe("oversight exports", () => {
  test.use({ storageState: stateFile("PRIVACY_OFFICER") });

  test("the audit trail filters by actor and action, pages, and exports with the same filter", async ({ page }) => {
    await page.goto("/oversight");
    await page.getByRole("tab", { name: "Deployment record" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Audit trail" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("region", { name: "Audit events" })).toBeVisible();
    await page.getByLabel("Actor (e-mail or user id)").fill(DEMO.PRIVACY_OFFICER.email);
    await page.getByRole("button", { name: "Filter" }).click();
    const rows = page.getByRole("region", { name: "Audit events" }).locator("tbody tr");
    // Actors are shown by name (the filter takes the e-mail).
    await expect(rows.first()).toContainText("Priya Privacy");
    const href = await page.getByRole("link", { name: "Export JSON" }).getAttribute("href");
    expect(href).toContain(`actor=${encodeURIComponent(DEMO.PRIVACY_OFFICER.email)}`);
  });

  test("a privacy officer exports the deployment record as CSV with the published columns", async ({ page }) => {
    await page.goto("/oversight");
    await expect(page.getByRole("tab", { name: "Deployment record" })).toHaveAttribute("aria-selected", "true");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    const header = csv.split("\r\n")[0];
    for (const column of [
      "Location",
      "Borough or area",
      "Date",
      "Duration (minutes)",
      "Purpose",
      "Watchlist size",
      "Threshold",
      "Faces seen",
      "Total alerts",
      "True alerts (confirmed)",
      "True alerts (unconfirmed)",
      "False alerts (confirmed)",
      "False alerts (unconfirmed)",
      "False alert rate (per face seen)",
      "False alerts per alert",
      "Arrests",
      "Other action",
      "No action",
      "False alerts per 1,000 faces",
      "Median time to adjudication (s)",
      "Threshold changes",
      "Self-test",
    ]) {
      expect(header).toContain(column.includes(",") ? `"${column}"` : column);
    }
  });

  test("the deployment record PDF and the audit export, which verifies offline", async () => {
    const privacy = await apiAs("PRIVACY_OFFICER");
    const pdf = await privacy.get("/api/oversight/deployments?format=pdf");
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(1500);

    expect((await privacy.post("/api/audit/checkpoints")).status()).toBe(200);
    const one = await privacy.get("/api/oversight/deployments?format=json");
    const first = (await one.json()).rows[0];
    if (first) {
      const single = await privacy.get(`/api/oversight/deployments?format=pdf&deploymentId=${first.deploymentId}`);
      expect((await single.body()).subarray(0, 5).toString()).toBe("%PDF-");
    }

    const exported = await privacy.get("/api/audit/export?format=json");
    expect(exported.status()).toBe(200);
    const data = await exported.json();
    expect(data.verifiable).toBe(true);
    expect(data.events.length).toBeGreaterThan(5);
    expect(data.checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(data.latestCheckpoint).toMatchObject({ algorithm: "Ed25519" });
    expect(data.signature).toMatchObject({ algorithm: "Ed25519", keyId: data.latestCheckpoint.keyId });
    expect(data.events.some((e: { action: string }) => e.action === "access.export_report")).toBe(true);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "vigil-export-")), "audit.json");
    await writeFile(file, JSON.stringify(data));
    const { stdout } = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/audit-verify.ts", "--file", file]);
    expect(stdout).toMatch(/audit export intact/);
    // The public key, fetched without signing in, is all a critic needs.
    const pemResponse = await (await apiAs(null)).get("/api/audit/keys?format=pem");
    expect(pemResponse.status()).toBe(200);
    const keyFile = path.join(path.dirname(file), "key.pem");
    await writeFile(keyFile, await pemResponse.text());
    const withKey = await run(process.execPath, [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/audit-verify.ts",
      "--file",
      file,
      "--public-key",
      keyFile,
    ]);
    expect(withKey.stdout).toMatch(/audit export intact: .*export signed by ed25519-/);
    data.events[2].action = "edited.by.hand";
    await writeFile(file, JSON.stringify(data));
    await expect(run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/audit-verify.ts", "--file", file])).rejects.toMatchObject({
      stderr: expect.stringMatching(new RegExp(`BROKEN at event ${data.events[2].seq}`)),
    });
  });

  test("the verify button reports an intact chain", async ({ page }) => {
    await page.goto("/oversight");
    await page.getByRole("tab", { name: "Audit trail" }).click();
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await expect(page.getByTestId("verify-result")).toContainText(/Intact: \d+ events/);
  });
});

test("a real deployment's alerts land in the record by the published definitions, and its own PDF exports", async () => {
  const { id, camera, entries } = await setUpLiveDeployment({ name: `Oversight record ${Date.now()}` });
  const operator = await apiAs("OPERATOR");
  const gallery = await (await operator.get(`/api/live/deployments/${id}/gallery`)).json();
  const subjects = (entries as { id: string; isTestSubject?: boolean }[]).filter((e) => !e.isTestSubject).slice(0, 2);
  expect(subjects.length).toBe(2);
  const alertIds: string[] = [];
  for (const [i, entry] of subjects.entries()) {
    const res = await operator.post("/api/alerts", {
      data: {
        idempotencyKey: `${id}:${camera.id}:oversight-${i}`,
        deploymentId: id,
        cameraId: camera.id,
        entryId: entry.id,
        similarity: 0.6 + i / 10,
        thresholdInForce: gallery.threshold,
        modelId: gallery.modelId,
        modelVersion: gallery.modelVersion,
        trackId: `oversight-${i}`,
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

  const privacy = await apiAs("PRIVACY_OFFICER");
  const record = await (await privacy.get(`/api/oversight/deployments?deploymentId=${id}`)).json();
  expect(record.rows).toHaveLength(1);
  expect(record.rows[0]).toMatchObject({
    location: "King's Cross forecourt",
    totalAlerts: 2,
    trueAlertsConfirmed: 1,
    falseAlertsConfirmed: 1,
    trueAlertsUnconfirmed: 0,
    falseAlertsUnconfirmed: 0,
    arrests: 1,
    testAlerts: 1,
    falseAlertsPerAlert: 0.5,
  });
  expect(record.rows[0].watchlistSize).toBeGreaterThan(0);
  expect(record.rows[0].selfTest).toMatch(/^passed/);
  const pdf = await privacy.get(`/api/oversight/deployments?format=pdf&deploymentId=${id}`);
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  expect(bytes.length).toBeGreaterThan(2000);
  const accuracy = await (await privacy.get(`/api/oversight/accuracy?deploymentId=${id}`)).json();
  expect(accuracy).toMatchObject({ alerts: 2, confirmed: 1, rejected: 1, shareConfirmed: 0.5 });
  const csv = await (await privacy.get(`/api/audit/export?format=csv&action=access.export`)).text();
  expect(csv.split("\r\n")[0]).toMatch(/^seq,occurredAt,actorId,actorEmail/);
  expect(csv).toContain("deployment-record");
});

test("an operator cannot reach /oversight or its APIs", async ({ browser }) => {
  const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const res = await (await context.newPage()).goto("/oversight");
  expect(res?.status()).toBe(403);
  const operator = await apiAs("OPERATOR");
  for (const url of [
    "/api/oversight/deployments?format=csv",
    "/api/oversight/deployments?format=pdf",
    "/api/audit/export",
    "/api/audit/events",
    "/api/oversight/accuracy",
    "/api/oversight/retention",
  ]) {
    expect((await operator.get(url)).status(), url).toBe(403);
  }
  for (const url of ["/api/audit/verify", "/api/audit/checkpoints", "/api/retention/run"]) {
    expect((await operator.post(url)).status(), url).toBe(403);
  }
  await context.close();
});
