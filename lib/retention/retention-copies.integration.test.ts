import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { callRoute } from "@/lib/testing/call-route";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, TINY_JPEG_B64 } from "@/lib/testing/live-fixtures";
import { runRetention } from "./run-retention";

let signedIn: CurrentUser | null = null;
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn }));
const alertsRoute = await import("@/app/api/alerts/route");
const alertRoute = await import("@/app/api/alerts/[id]/route");
const imageRoute = await import("@/app/api/alerts/[id]/image/route");
const adjudicateRoute = await import("@/app/api/alerts/[id]/adjudicate/route");
const exportRoute = await import("@/app/api/alerts/export/route");
const eventsRoute = await import("@/app/api/live/events/route");
const auditEventsRoute = await import("@/app/api/audit/events/route");
const auditExportRoute = await import("@/app/api/audit/export/route");

type User = Awaited<ReturnType<typeof createTestUser>>;
const as = (u: User) => {
  signedIn = { id: u.id, email: u.email, name: u.name, role: u.role, sid: u.sid };
};

let fx: Awaited<ReturnType<typeof createLiveDeployment>>;
let operator: User;
let privacy: User;
let alertId: string;
let ref: string;

/** Every route that could hand back the alert's subject reference or images, as its readers call them. */
async function everyRead() {
  const d = fx.deployment.id;
  as(operator);
  const reads = [
    await callRoute(eventsRoute.GET, { path: "/api/live/events?lastEventId=0&once=1" }),
    await callRoute(eventsRoute.GET, { path: `/api/live/events?deploymentId=${d}&lastEventId=0&once=1` }),
    await callRoute(alertsRoute.GET, { path: `/api/alerts?deploymentId=${d}&limit=100` }),
    await callRoute(alertRoute.GET, { path: `/api/alerts/${alertId}`, params: { id: alertId } }),
    await callRoute(exportRoute.GET, { path: `/api/alerts/export?deploymentId=${d}&format=csv` }),
    await callRoute(exportRoute.GET, { path: `/api/alerts/export?deploymentId=${d}&format=json` }),
  ];
  const images = [
    await callRoute(imageRoute.GET, { path: `/api/alerts/${alertId}/image?kind=probe`, params: { id: alertId } }),
    await callRoute(imageRoute.GET, { path: `/api/alerts/${alertId}/image?kind=watchlist`, params: { id: alertId } }),
  ];
  as(privacy);
  reads.push(
    await callRoute(auditEventsRoute.GET, { path: `/api/audit/events?deploymentId=${d}&limit=200` }),
    await callRoute(auditExportRoute.GET, { path: `/api/audit/export?deploymentId=${d}&format=json` }),
    await callRoute(auditExportRoute.GET, { path: `/api/audit/export?deploymentId=${d}&format=csv` }),
  );
  images.push(await callRoute(imageRoute.GET, { path: `/api/alerts/${alertId}/image?kind=probe`, params: { id: alertId } }));
  return { reads, images };
}

beforeAll(async () => {
  fx = await createLiveDeployment();
  ref = fx.entry.subjectReference;
  operator = await createTestUser("OPERATOR");
  privacy = await createTestUser("PRIVACY_OFFICER");
  await db().deploymentMember.create({ data: { deploymentId: fx.deployment.id, userId: operator.id, addedById: fx.commander.id } });
  await db().watchlistImage.create({
    data: {
      entryId: fx.entry.id,
      faceJpeg: Buffer.from(TINY_JPEG_B64, "base64"),
      embedding: Buffer.alloc(8),
      embeddingModelId: "m",
      embeddingModelVersion: "v",
      embeddingDim: 2,
      detectorScore: 0.9,
    },
  });
  as(operator);
  const posted = await callRoute(alertsRoute.POST, {
    method: "POST",
    path: "/api/alerts",
    body: {
      idempotencyKey: `ret-${fx.deployment.id}`,
      deploymentId: fx.deployment.id,
      cameraId: fx.camera.id,
      entryId: fx.entry.id,
      similarity: 0.9,
      thresholdInForce: 0.5,
      modelId: "mobilefacenet",
      modelVersion: "test-version",
      trackId: "t-ret",
      capturedAt: new Date().toISOString(),
      probeJpeg: TINY_JPEG_B64,
    },
  });
  expect(posted.status, posted.text).toBe(200);
  alertId = (posted.json() as { alert: { id: string } }).alert.id;
  const decided = await callRoute(adjudicateRoute.POST, {
    method: "POST",
    path: `/api/alerts/${alertId}/adjudicate`,
    params: { id: alertId },
    body: { decision: "CONFIRM" },
  });
  expect(decided.status, decided.text).toBe(200);
});

describe("retention covers every copy of an alert", () => {
  it("before: the live replay, lists, exports and image routes do return it (the check below can fail)", async () => {
    const { reads, images } = await everyRead();
    expect(reads[0].text).toContain(ref);
    expect(reads[1].text).toContain(ref);
    expect(reads[2].text).toContain(ref);
    expect(reads[4].text).toContain(ref);
    expect(images.map((i) => i.status)).toEqual([200, 200, 200]);
    expect(await db().liveEvent.count({ where: { payload: { path: ["id"], equals: alertId } } })).toBeGreaterThanOrEqual(2);
  });

  it("after retention deleted the alert, no route returns its subject reference or images; live-event copies went in the same run", async () => {
    await db().alert.update({ where: { id: alertId }, data: { capturedAt: new Date(Date.now() - 40 * 86_400_000) } });
    const result = await runRetention({ now: new Date() });
    expect(result.receipts.find((r) => r.kind === "alert")?.count).toBeGreaterThanOrEqual(1);
    expect(await db().alert.findUnique({ where: { id: alertId } })).toBeNull();
    expect(await db().liveEvent.count({ where: { payload: { path: ["id"], equals: alertId } } })).toBe(0);
    const { reads, images } = await everyRead();
    for (const r of reads) {
      expect(r.status).toBeLessThan(500);
      expect(r.text).not.toContain(ref);
      expect(r.text).not.toContain(alertId.concat('","subjectReference'));
    }
    expect(images.map((i) => i.status)).toEqual([404, 404, 404]);
    for (const i of images) expect(i.headers.get("content-type")).not.toContain("image/");
  });
});
