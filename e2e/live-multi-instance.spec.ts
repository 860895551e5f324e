import { expect, request, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { setUpLiveDeployment, TINY_JPEG_B64 } from "./support/live-deployment";
import { stateFile } from "./support/roles";
import { startInstance } from "./support/second-instance";

// Two app processes on one database: the alert feed fans out through Postgres LISTEN/NOTIFY, so
// an operator connected to one instance sees alerts that arrive through the other.
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
    const event = {
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
    };
    const posted = await viaOther.post("/api/alerts", { data: event });
    expect(posted.status(), await posted.text()).toBe(200);
    const item = page.locator('[data-testid="alert-item"][data-subject="WL-0004"]');
    await expect(item).toBeVisible({ timeout: 10_000 });

    // A decision made through the other instance reaches this page too (alert.updated).
    const { alert } = await posted.json();
    const decided = await viaOther.post(`/api/alerts/${alert.id}/adjudicate`, { data: { decision: "REJECT", reason: "NOT_THE_PERSON" } });
    expect(decided.status(), await decided.text()).toBe(200);
    await expect(item).toHaveAttribute("data-status", "REJECTED", { timeout: 10_000 });
    await expect(page.locator('[data-testid="alert-item"][data-subject="WL-0004"]')).toHaveCount(1);
    await viaOther.dispose();
    await context.close();
  } finally {
    await other.stop();
  }
});
