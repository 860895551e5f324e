import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { callRoute } from "@/lib/testing/call-route";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, TINY_JPEG_B64 } from "@/lib/testing/live-fixtures";
import { createAlert } from "@/lib/testing/oversight-fixtures";

// The signed-in user of each call (sessions need a browser cookie; everything else is real).
let signedIn: CurrentUser | null = null;
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn }));

const alertsRoute = await import("@/app/api/alerts/route");
const alertRoute = await import("@/app/api/alerts/[id]/route");
const imageRoute = await import("@/app/api/alerts/[id]/image/route");
const adjudicateRoute = await import("@/app/api/alerts/[id]/adjudicate/route");
const exportRoute = await import("@/app/api/alerts/export/route");
const eventsRoute = await import("@/app/api/live/events/route");
const liveDeploymentsRoute = await import("@/app/api/live/deployments/route");
const galleryRoute = await import("@/app/api/live/deployments/[id]/gallery/route");
const sessionsRoute = await import("@/app/api/rtc/cameras/[cameraId]/sessions/route");
const faceCountsRoute = await import("@/app/api/live/face-counts/route");
const rosterRoute = await import("@/app/api/deployments/[id]/roster/route");
const rosterMemberRoute = await import("@/app/api/deployments/[id]/roster/[userId]/route");

type Fx = Awaited<ReturnType<typeof createLiveDeployment>>;
const as = (u: { id: string; email: string; name: string; role: CurrentUser["role"]; sid: string }) => {
  signedIn = { id: u.id, email: u.email, name: u.name, role: u.role, sid: u.sid };
};

let fx: Fx;
let onRoster: Awaited<ReturnType<typeof createTestUser>>;
let offRoster: Awaited<ReturnType<typeof createTestUser>>;
let alertId: string;

beforeAll(async () => {
  fx = await createLiveDeployment();
  onRoster = await createTestUser("OPERATOR");
  offRoster = await createTestUser("OPERATOR");
  // The commander who applied for the deployment puts one operator on its roster, through the API.
  as(fx.commander);
  const added = await callRoute(rosterRoute.POST, {
    method: "POST",
    path: `/api/deployments/${fx.deployment.id}/roster`,
    params: { id: fx.deployment.id },
    body: { userId: onRoster.id },
  });
  expect(added.status, added.text).toBe(200);
  alertId = (await createAlert(fx)).id;
  const jpeg = Buffer.from(TINY_JPEG_B64, "base64");
  await db().watchlistImage.create({
    data: {
      entryId: fx.entry.id,
      faceJpeg: jpeg,
      embedding: Buffer.alloc(8),
      embeddingModelId: "m",
      embeddingModelVersion: "v",
      embeddingDim: 2,
      detectorScore: 0.9,
    },
  });
  // A live event for the alert, as ingest publishes it.
  await db().liveEvent.create({
    data: { type: "alert.created", deploymentId: fx.deployment.id, payload: { id: alertId, subjectReference: fx.entry.subjectReference } },
  });
});

describe("deployment roster: an operator on the deployment can, one not on it cannot", () => {
  it("alerts list", async () => {
    as(onRoster);
    const ok = await callRoute(alertsRoute.GET, { path: `/api/alerts?deploymentId=${fx.deployment.id}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(alertId);
    as(offRoster);
    const blocked = await callRoute(alertsRoute.GET, { path: `/api/alerts?deploymentId=${fx.deployment.id}` });
    expect(blocked.status).toBe(404);
    expect(blocked.text).not.toContain(fx.entry.subjectReference);
    // Without a deployment filter the list holds only the caller's deployments.
    const all = await callRoute(alertsRoute.GET, { path: "/api/alerts?limit=100" });
    expect(all.status).toBe(200);
    expect(all.text).not.toContain(alertId);
    as(onRoster);
    expect((await callRoute(alertsRoute.GET, { path: "/api/alerts?limit=100" })).text).toContain(alertId);
  });

  it("one alert", async () => {
    as(onRoster);
    expect((await callRoute(alertRoute.GET, { path: `/api/alerts/${alertId}`, params: { id: alertId } })).status).toBe(200);
    as(offRoster);
    const blocked = await callRoute(alertRoute.GET, { path: `/api/alerts/${alertId}`, params: { id: alertId } });
    expect(blocked.status).toBe(404);
    expect(blocked.text).not.toContain(fx.entry.subjectReference);
  });

  it("probe and watchlist images", async () => {
    for (const kind of ["probe", "watchlist"]) {
      as(onRoster);
      const ok = await callRoute(imageRoute.GET, { path: `/api/alerts/${alertId}/image?kind=${kind}`, params: { id: alertId } });
      expect(ok.status, kind).toBe(200);
      expect(ok.headers.get("content-type")).toBe("image/jpeg");
      as(offRoster);
      expect((await callRoute(imageRoute.GET, { path: `/api/alerts/${alertId}/image?kind=${kind}`, params: { id: alertId } })).status, kind).toBe(404);
    }
  });

  it("adjudication", async () => {
    as(offRoster);
    expect(
      (
        await callRoute(adjudicateRoute.POST, {
          method: "POST",
          path: `/api/alerts/${alertId}/adjudicate`,
          params: { id: alertId },
          body: { decision: "REJECT", reason: "NOT_THE_PERSON" },
        })
      ).status,
    ).toBe(404);
    expect((await db().alert.findUniqueOrThrow({ where: { id: alertId } })).status).toBe("PENDING");
  });

  it("live stream (replay from the start) and the list of running deployments", async () => {
    as(onRoster);
    const ok = await callRoute(eventsRoute.GET, { path: `/api/live/events?lastEventId=0&once=1` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(fx.entry.subjectReference);
    const okOne = await callRoute(eventsRoute.GET, { path: `/api/live/events?deploymentId=${fx.deployment.id}&lastEventId=0&once=1` });
    expect(okOne.text).toContain(fx.entry.subjectReference);
    expect((await callRoute(liveDeploymentsRoute.GET, { path: "/api/live/deployments" })).text).toContain(fx.deployment.id);
    as(offRoster);
    const blocked = await callRoute(eventsRoute.GET, { path: `/api/live/events?lastEventId=0&once=1` });
    expect(blocked.status).toBe(200);
    expect(blocked.text).not.toContain(fx.entry.subjectReference);
    expect((await callRoute(eventsRoute.GET, { path: `/api/live/events?deploymentId=${fx.deployment.id}&lastEventId=0&once=1` })).status).toBe(404);
    expect((await callRoute(liveDeploymentsRoute.GET, { path: "/api/live/deployments" })).text).not.toContain(fx.deployment.id);
    expect((await callRoute(galleryRoute.GET, { path: `/api/live/deployments/${fx.deployment.id}/gallery`, params: { id: fx.deployment.id } })).status).toBe(
      404,
    );
  });

  it("camera streams (WebRTC signalling)", async () => {
    const body = { sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" };
    as(onRoster);
    const ok = await callRoute(sessionsRoute.POST, {
      method: "POST",
      path: `/api/rtc/cameras/${fx.camera.id}/sessions`,
      params: { cameraId: fx.camera.id },
      body,
    });
    expect(ok.status, ok.text).toBe(200);
    as(offRoster);
    expect(
      (await callRoute(sessionsRoute.POST, { method: "POST", path: `/api/rtc/cameras/${fx.camera.id}/sessions`, params: { cameraId: fx.camera.id }, body }))
        .status,
    ).toBe(404);
  });

  it("exports", async () => {
    as(onRoster);
    const ok = await callRoute(exportRoute.GET, { path: `/api/alerts/export?deploymentId=${fx.deployment.id}&format=csv` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/csv");
    expect(ok.text).toContain(fx.entry.subjectReference);
    as(offRoster);
    const blocked = await callRoute(exportRoute.GET, { path: `/api/alerts/export?deploymentId=${fx.deployment.id}&format=csv` });
    expect(blocked.status).toBe(404);
    expect(blocked.text).not.toContain(fx.entry.subjectReference);
  });

  it("posting match events and counts", async () => {
    const counts = { deploymentId: fx.deployment.id, cameraId: fx.camera.id, counts: [{ minute: new Date().toISOString(), faces: 3 }] };
    as(offRoster);
    expect((await callRoute(faceCountsRoute.POST, { method: "POST", path: "/api/live/face-counts", body: counts })).status).toBe(404);
    as(onRoster);
    expect((await callRoute(faceCountsRoute.POST, { method: "POST", path: "/api/live/face-counts", body: counts })).status).toBe(200);
  });

  it("privacy officers keep oversight access without being on the roster; refusals are audited", async () => {
    as(await createTestUser("PRIVACY_OFFICER"));
    expect((await callRoute(alertRoute.GET, { path: `/api/alerts/${alertId}`, params: { id: alertId } })).status).toBe(200);
    expect((await callRoute(imageRoute.GET, { path: `/api/alerts/${alertId}/image?kind=probe`, params: { id: alertId } })).status).toBe(200);
    const denied = await db().auditEvent.findMany({ where: { action: "access.deny", actorId: offRoster.id } });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((d) => (d.details as { reason?: string }).reason === "not_on_roster")).toBe(true);
  });
});

describe("roster management", () => {
  it("a commander adds and removes; the operator gains and loses access; both are audited; an operator cannot manage", async () => {
    const other = await createTestUser("OPERATOR");
    as(other);
    expect((await callRoute(alertRoute.GET, { path: `/api/alerts/${alertId}`, params: { id: alertId } })).status).toBe(404);
    const refused = await callRoute(rosterRoute.POST, {
      method: "POST",
      path: `/api/deployments/${fx.deployment.id}/roster`,
      params: { id: fx.deployment.id },
      body: { userId: other.id },
    });
    expect(refused.status).toBe(403);

    as(await createTestUser("AUTHORISING_OFFICER"));
    const added = await callRoute(rosterRoute.POST, {
      method: "POST",
      path: `/api/deployments/${fx.deployment.id}/roster`,
      params: { id: fx.deployment.id },
      body: { userId: other.id },
    });
    expect(added.status, added.text).toBe(200);
    expect((added.json() as { roster: { members: { userId: string }[] } }).roster.members.map((m) => m.userId)).toContain(other.id);
    const again = await callRoute(rosterRoute.POST, {
      method: "POST",
      path: `/api/deployments/${fx.deployment.id}/roster`,
      params: { id: fx.deployment.id },
      body: { userId: other.id },
    });
    expect((again.json() as { added: boolean }).added).toBe(false);
    as(other);
    expect((await callRoute(alertRoute.GET, { path: `/api/alerts/${alertId}`, params: { id: alertId } })).status).toBe(200);

    as(fx.commander);
    const removed = await callRoute(rosterMemberRoute.DELETE, {
      method: "DELETE",
      path: `/api/deployments/${fx.deployment.id}/roster/${other.id}`,
      params: { id: fx.deployment.id, userId: other.id },
    });
    expect(removed.status, removed.text).toBe(200);
    as(other);
    expect((await callRoute(alertRoute.GET, { path: `/api/alerts/${alertId}`, params: { id: alertId } })).status).toBe(404);

    const audit = await db().auditEvent.findMany({ where: { deploymentId: fx.deployment.id, targetId: other.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["deployment.add_roster_member", "deployment.remove_roster_member"]);
  });

  it("refuses bad members with 400 naming the field, and unknown deployments with 404", async () => {
    as(fx.commander);
    const privacy = await createTestUser("PRIVACY_OFFICER");
    const bad = await callRoute(rosterRoute.POST, {
      method: "POST",
      path: `/api/deployments/${fx.deployment.id}/roster`,
      params: { id: fx.deployment.id },
      body: { userId: privacy.id },
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("userId");
    const garbage = await callRoute(rosterRoute.POST, {
      method: "POST",
      path: `/api/deployments/${fx.deployment.id}/roster`,
      params: { id: fx.deployment.id },
      body: { userId: "nope" },
    });
    expect(garbage.status).toBe(400);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await callRoute(rosterRoute.GET, { path: `/api/deployments/${missing}/roster`, params: { id: missing } })).status).toBe(404);
  });

  it("concurrent adds of the same operator by two commanders leave one roster row and one audit event", async () => {
    const target = await createTestUser("OPERATOR");
    as(fx.commander);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        callRoute(rosterRoute.POST, {
          method: "POST",
          path: `/api/deployments/${fx.deployment.id}/roster`,
          params: { id: fx.deployment.id },
          body: { userId: target.id },
        }),
      ),
    );
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(await db().deploymentMember.count({ where: { deploymentId: fx.deployment.id, userId: target.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "deployment.add_roster_member", targetId: target.id } })).toBe(1);
  });
});
