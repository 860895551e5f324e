import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, matchEventFor } from "@/lib/testing/live-fixtures";
import type { MatchEvent } from "./alert-schemas";
import { ingestAlert } from "./ingest-alert";

type Fx = Awaited<ReturnType<typeof createLiveDeployment>>;

function event(fx: Fx, trackId: string, capturedAt: Date, over: Partial<MatchEvent> = {}): MatchEvent {
  return matchEventFor(fx, {
    idempotencyKey: `${fx.deployment.id}:${fx.camera.id}:${trackId}:${capturedAt.getTime()}`,
    trackId,
    capturedAt: capturedAt.toISOString(),
    ...over,
  });
}

async function state(fx: Fx) {
  const alerts = await db().alert.findMany({ where: { deploymentId: fx.deployment.id }, orderBy: { capturedAt: "asc" } });
  const ids = alerts.map((a) => a.id);
  const audit = await db().auditEvent.findMany({ where: { targetId: { in: ids } }, select: { action: true } });
  const keys = await db().alertKey.findMany({ where: { alertId: { in: ids } } });
  const live = await db().liveEvent.count({ where: { deploymentId: fx.deployment.id } });
  return { alerts, audit: audit.map((a) => a.action), keys, live };
}

describe("one alert per pass, under concurrent copies", () => {
  it("the same new event sent 10x at once is stored once (one alert, one key, one audit event, one live event)", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const e = event(fx, "t-new", new Date(Date.now() - 5_000));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ingestAlert(e, op, `copy-${i}`)));
    const s = await state(fx);
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0]).toMatchObject({ sightings: 1, mergedKeys: [] });
    expect(s.keys.map((k) => k.key)).toEqual([e.idempotencyKey]);
    expect(s.audit).toEqual(["alert.create"]);
    expect(s.live).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.alert.id))).toEqual(new Set([s.alerts[0].id]));
  });

  it("the same sighting sent 10x at once into an open alert merges once (one merged key, +1 sighting, one merge audit event)", async () => {
    const fx = await createLiveDeployment({ dedupWindowSeconds: 10 });
    const op = await createTestUser("OPERATOR");
    const t0 = Date.now() - 60_000;
    const first = await ingestAlert(event(fx, "t-1", new Date(t0)), op, "first");
    const repeat = event(fx, "t-1", new Date(t0 + 2_000), { similarity: 0.8 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => ingestAlert(repeat, op, `merge-${i}`)));
    const s = await state(fx);
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0]).toMatchObject({ id: first.alert.id, sightings: 2, mergedKeys: [repeat.idempotencyKey], similarity: 0.8 });
    expect(s.keys).toHaveLength(2);
    expect(s.audit.sort()).toEqual(["alert.create", "alert.merge_sighting"]);
    expect(s.live).toBe(2);
  });

  it("10 different frames of one pass, posted at once, make one alert with 10 sightings", async () => {
    const fx = await createLiveDeployment({ dedupWindowSeconds: 10 });
    const op = await createTestUser("OPERATOR");
    const t0 = Date.now() - 60_000;
    await Promise.all(Array.from({ length: 10 }, (_, i) => ingestAlert(event(fx, `t-${i % 3}`, new Date(t0 + i * 500)), op, `pass-${i}`)));
    const s = await state(fx);
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0].sightings).toBe(10);
    expect(s.keys).toHaveLength(10);
    expect(s.audit.filter((a) => a === "alert.create")).toHaveLength(1);
    expect(s.audit.filter((a) => a === "alert.merge_sighting")).toHaveLength(9);
  });

  it("merges only sightings inside the window on either side of an alert's span", async () => {
    const fx = await createLiveDeployment({ dedupWindowSeconds: 10 });
    const op = await createTestUser("OPERATOR");
    const t0 = Date.now() - 120_000;
    const a = await ingestAlert(event(fx, "a", new Date(t0)), op, "a");
    // 9 s after: inside → merged, span becomes [t0, t0+9s].
    expect((await ingestAlert(event(fx, "a", new Date(t0 + 9_000)), op, "b")).alert.id).toBe(a.alert.id);
    // 9 s before the first capture: inside on the other side → merged.
    expect((await ingestAlert(event(fx, "a", new Date(t0 - 9_000)), op, "c")).alert.id).toBe(a.alert.id);
    // A later pass, 30 s after the span: a new alert.
    const later = await ingestAlert(event(fx, "b", new Date(t0 + 39_000)), op, "d");
    expect(later.alert.id).not.toBe(a.alert.id);
    // A sighting arriving late, 11 s before the later alert (and 19 s after the first's span): merged into neither.
    const late = await ingestAlert(event(fx, "c", new Date(t0 + 28_000)), op, "e");
    expect(late.merged).toBe(false);
    expect([a.alert.id, later.alert.id]).not.toContain(late.alert.id);
    // 11 s before the first alert's earliest sighting: a new alert too.
    const before = await ingestAlert(event(fx, "d", new Date(t0 - 20_001)), op, "f");
    expect(before.merged).toBe(false);
    const s = await state(fx);
    expect(s.alerts.map((x) => x.sightings)).toEqual([1, 3, 1, 1]);
  });

  it("refuses a match for a stopped deployment or after its window (409)", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { plannedEnd: new Date(Date.now() - 1000) } });
    await expect(ingestAlert(event(fx, "x", new Date()), op, "late")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/window ended/) });
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { status: "CLOSED", plannedEnd: new Date(Date.now() + 3600_000) } });
    await expect(ingestAlert(event(fx, "x", new Date()), op, "closed")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/closed/) });
  });
});
