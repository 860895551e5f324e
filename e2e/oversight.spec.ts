import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { stateFile } from "./support/roles";

const run = promisify(execFile);

test.describe("oversight exports", () => {
  test.use({ storageState: stateFile("PRIVACY_OFFICER") });

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
      "False alert rate",
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
    const exported = await privacy.get("/api/audit/export?format=json");
    expect(exported.status()).toBe(200);
    const data = await exported.json();
    expect(data.verifiable).toBe(true);
    expect(data.events.length).toBeGreaterThan(5);
    expect(data.checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(data.events.some((e: { action: string }) => e.action === "access.export")).toBe(true);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "vigil-export-")), "audit.json");
    await writeFile(file, JSON.stringify(data));
    const { stdout } = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/audit-verify.ts", "--file", file]);
    expect(stdout).toMatch(/audit export intact/);
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

test("an operator cannot reach /oversight or its APIs", async ({ browser }) => {
  const context = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const res = await (await context.newPage()).goto("/oversight");
  expect(res?.status()).toBe(403);
  const operator = await apiAs("OPERATOR");
  for (const url of ["/api/oversight/deployments?format=csv", "/api/audit/export", "/api/oversight/accuracy"]) {
    expect((await operator.get(url)).status()).toBe(403);
  }
  await context.close();
});
