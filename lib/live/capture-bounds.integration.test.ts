import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { callRoute } from "@/lib/testing/call-route";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, TINY_JPEG_B64 } from "@/lib/testing/live-fixtures";
import { MAX_FACES_PER_CAMERA_MINUTE } from "./capture-bounds";
import { recordFaceCounts } from "./record-face-counts";

let signedIn: CurrentUser | null = null;
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn }));
const faceCountsRoute = await import("@/app/api/live/face-counts/route");
const alertsRoute = await import("@/app/api/alerts/route");

type Fx = Awaited<ReturnType<typeof createLiveDeployment>>;
let fx: Fx;
let operator: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  fx = await createLiveDeployment();
  operator = await createTestUser("OPERATOR");
  await db().deploymentMember.create({ data: { deploymentId: fx.deployment.id, userId: operator.id, addedById: fx.commander.id } });
  signedIn = { id: operator.id, email: operator.email, name: operator.name, role: operator.role, sid: operator.sid };
});

const post = (counts: { minute: string; faces: number }[]) =>
  callRoute(faceCountsRoute.POST, { method: "POST", path: "/api/live/face-counts", body: { deploymentId: fx.deployment.id, cameraId: fx.camera.id, counts } });

describe("counted figures nobody can inflate", () => {
  it("refuses a million faces in one entry with a 400 naming the field (the probe's overflow)", async () => {
    const res = await post([{ minute: new Date().toISOString(), faces: 1_000_000 }]);
    expect(res.status).toBe(400);
    expect(res.text).toContain("counts.0.faces");
  });

  it("refuses a minute that adds up past the per-camera bound across requests, and keeps the earlier parts", async () => {
    const minute = new Date();
    minute.setUTCSeconds(0, 0);
    expect((await post([{ minute: minute.toISOString(), faces: MAX_FACES_PER_CAMERA_MINUTE - 10 }])).status).toBe(200);
    const over = await post([{ minute: minute.toISOString(), faces: 11 }]);
    expect(over.status).toBe(400);
    expect(over.text).toContain("counts.0.faces");
    const row = await db().faceCount.findUniqueOrThrow({ where: { cameraId_minute: { cameraId: fx.camera.id, minute } } });
    expect(row.faces).toBe(BigInt(MAX_FACES_PER_CAMERA_MINUTE - 10));
    expect((await post([{ minute: minute.toISOString(), faces: 10 }])).status).toBe(200);
  });

  it("refuses minutes 40 days old, in 1970 and in the future", async () => {
    for (const minute of [new Date(Date.now() - 40 * 86_400_000), new Date(0), new Date(Date.now() + 3600_000)]) {
      const res = await post([{ minute: minute.toISOString(), faces: 1 }]);
      expect(res.status, minute.toISOString()).toBe(400);
      expect(res.text).toContain("counts.0.minute");
    }
  });

  it("sums in 64 bits: a deployment past 2^31 faces reports the exact figure", async () => {
    const other = await createLiveDeployment();
    const big = 3_000_000_000n;
    await db().faceCount.create({
      data: { cameraId: other.camera.id, deploymentId: other.deployment.id, minute: new Date(Date.now() - 86_400_000 * 2), faces: big },
    });
    const r = await recordFaceCounts({
      deploymentId: other.deployment.id,
      cameraId: other.camera.id,
      counts: [{ minute: new Date().toISOString(), faces: 7 }],
    });
    expect(r.facesProcessed).toBe(3_000_000_007);
  });

  it("concurrent reports of one minute never pass the bound", async () => {
    const minute = new Date(Date.now() - 120_000);
    minute.setUTCSeconds(0, 0);
    const results = await Promise.all(Array.from({ length: 8 }, () => post([{ minute: minute.toISOString(), faces: 1000 }])));
    expect(results.filter((r) => r.status === 200)).toHaveLength(6);
    expect(results.filter((r) => r.status === 400)).toHaveLength(2);
    const row = await db().faceCount.findUniqueOrThrow({ where: { cameraId_minute: { cameraId: fx.camera.id, minute } } });
    expect(row.faces).toBe(6000n);
  });
});

describe("match events: plausible capture time, probe decoded in full", () => {
  const event = (over: Record<string, unknown> = {}) => ({
    idempotencyKey: `k-${Math.random().toString(36).slice(2)}`,
    deploymentId: fx.deployment.id,
    cameraId: fx.camera.id,
    entryId: fx.entry.id,
    similarity: 0.9,
    thresholdInForce: 0.5,
    modelId: "mobilefacenet",
    modelVersion: "test-version",
    trackId: "t1",
    capturedAt: new Date().toISOString(),
    probeJpeg: TINY_JPEG_B64,
    ...over,
  });
  const postAlert = (body: unknown) => callRoute(alertsRoute.POST, { method: "POST", path: "/api/alerts", body });

  it("stores a real JPEG probe captured now (not over-blocked)", async () => {
    const res = await postAlert(event());
    expect(res.status, res.text).toBe(200);
  });

  it("refuses FF D8 followed by <script> with 400, and stores nothing", async () => {
    const before = await db().alert.count({ where: { deploymentId: fx.deployment.id } });
    const script = Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.from("<script>alert(document.cookie)</script>")]).toString("base64");
    const res = await postAlert(event({ probeJpeg: script }));
    expect(res.status).toBe(400);
    expect(res.text).toContain("probeJpeg");
    expect(await db().alert.count({ where: { deploymentId: fx.deployment.id } })).toBe(before);
  });

  it("refuses capturedAt 40 days ago, in 1970 and an hour ahead with 400 naming the field", async () => {
    for (const at of [new Date(Date.now() - 40 * 86_400_000), new Date(0), new Date(Date.now() + 3600_000)]) {
      const res = await postAlert(event({ capturedAt: at.toISOString() }));
      expect(res.status, at.toISOString()).toBe(400);
      expect(res.text).toContain("capturedAt");
    }
  });
});
