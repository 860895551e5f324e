import { expect, test } from "@playwright/test";
import { apiAs } from "./support/api";
import { TINY_JPEG_B64, setUpLiveDeployment } from "./support/live-deployment";
import { E2E_METRICS_TOKEN, scrapeMetrics } from "./support/metrics";
import { stateFile } from "./support/roles";

// Operations' view of the running app: /metrics behind the scraper's token, and the counters the
// issue names move when a station's match event arrives and an operator's live stream is open.
test("/metrics refuses anonymous callers and a wrong token", async ({ playwright }) => {
  const anonymous = await apiAs(null);
  expect((await anonymous.get("/metrics")).status()).toBe(401);
  const wrong = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await wrong.get("/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}x` } })).status()).toBe(401);
  const operator = await apiAs("OPERATOR");
  expect((await operator.get("/metrics")).status()).toBe(403);
});

test("a match event and an open live stream move the counters", async ({ request, browser }) => {
  test.setTimeout(120_000);
  const before = await scrapeMetrics(request);
  for (const name of ["vigil_alerts_ingested_total", "vigil_live_subscribers", "vigil_audit_append_seconds", "vigil_db_pool_connections"]) {
    expect(before.text, name).toContain(`# TYPE ${name}`);
  }
  const { id, camera, entries, gallery } = await setUpLiveDeployment({ name: `Metrics ${Date.now()}` });
  const ctx = await browser.newContext({ storageState: stateFile("OPERATOR") });
  const page = await ctx.newPage();
  await page.goto(`/live?deployment=${id}`);
  await expect(page.getByTestId("feed-state")).toHaveText("alert feed connected", { timeout: 60_000 });
  const watching = await scrapeMetrics(request);
  expect(watching.sums.vigil_live_subscribers).toBeGreaterThanOrEqual(1);

  const operator = await apiAs("OPERATOR");
  const entry = entries.find((e) => !e.subjectReference.toLowerCase().includes("test")) ?? entries[0];
  const posted = await operator.post("/api/alerts", {
    data: {
      idempotencyKey: `${id}:${camera.id}:metrics`,
      deploymentId: id,
      cameraId: camera.id,
      entryId: entry.id,
      similarity: 0.9,
      thresholdInForce: gallery.threshold,
      modelId: gallery.modelId,
      modelVersion: gallery.modelVersion,
      trackId: "metrics",
      capturedAt: new Date().toISOString(),
      probeJpeg: TINY_JPEG_B64,
    },
  });
  expect(posted.status(), await posted.text()).toBe(200);
  const rise = async (name: string) => ((await scrapeMetrics(request)).sums[name] ?? 0) - (before.sums[name] ?? 0);
  // The self-test alert and this match: two ingested; the new alert delivered to the operator's page.
  await expect.poll(() => rise("vigil_live_events_delivered_total"), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  expect(await rise("vigil_alerts_ingested_total")).toBeGreaterThanOrEqual(2);
  expect(await rise("vigil_audit_append_seconds_count")).toBeGreaterThanOrEqual(5);
  await ctx.close();
});
