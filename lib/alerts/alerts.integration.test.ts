import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, matchEventFor } from "@/lib/testing/live-fixtures";
import { LIVE_CHANNEL } from "@/lib/live/publish-live-event";
import { adjudicateAlert, recordAlertOutcome } from "./adjudicate-alert";
import { ingestAlert } from "./ingest-alert";

async function event(fx: Awaited<ReturnType<typeof createLiveDeployment>>, over: Partial<Parameters<typeof ingestAlert>[0]> = {}) {
  return matchEventFor(fx, over);
}

describe("alert ingestion", () => {
  it("stores an event once: a retry with the same key returns the stored alert", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const e = await event(fx);
    const first = await ingestAlert(e, op, "req-a1");
    const again = await ingestAlert(e, op, "req-a2");
    const raced = await Promise.all([ingestAlert(e, op, "req-a3"), ingestAlert(e, op, "req-a4")]);
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, alert: { id: first.alert.id } });
    expect(raced.every((r) => r.alert.id === first.alert.id)).toBe(true);
    expect(await db().alert.count({ where: { deploymentId: fx.deployment.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { targetId: first.alert.id, action: "alert.create" } })).toBe(1);
  });

  it("merges repeat sightings of the same subject at the same camera within the window, keeping the best score", async () => {
    const fx = await createLiveDeployment({ dedupWindowSeconds: 60 });
    const op = await createTestUser("OPERATOR");
    const t0 = Date.now() - 30_000;
    const a = await ingestAlert(await event(fx, { capturedAt: new Date(t0).toISOString(), similarity: 0.6 }), op, "r1");
    const second = await event(fx, { capturedAt: new Date(t0 + 20_000).toISOString(), similarity: 0.8 });
    const b = await ingestAlert(second, op, "r2");
    expect(b).toMatchObject({ merged: true, alert: { id: a.alert.id, sightings: 2, similarity: 0.8 } });
    expect((await ingestAlert(second, op, "r3")).duplicate).toBe(true);
    const c = await ingestAlert(await event(fx, { capturedAt: new Date(t0 + 200_000).toISOString() }), op, "r4");
    expect(c.alert.id).not.toBe(a.alert.id);
  });

  it("refuses events below the threshold, from another model, for a non-live deployment, or a foreign camera", async () => {
    const fx = await createLiveDeployment();
    const other = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    await expect(ingestAlert(await event(fx, { similarity: 0.3 }), op, "x")).rejects.toThrow(/below the deployment's threshold/);
    await expect(ingestAlert(await event(fx, { modelVersion: "other" }), op, "x")).rejects.toThrow(/another model/);
    await expect(ingestAlert(await event(fx, { cameraId: other.camera.id }), op, "x")).rejects.toThrow(/Camera/);
    const draft = await createLiveDeployment({ status: "DRAFT" });
    await expect(ingestAlert(await event(draft), op, "x")).rejects.toThrow(/draft/);
    const authorised = await createLiveDeployment({ status: "AUTHORISED" });
    await expect(ingestAlert(await event(authorised), op, "x")).rejects.toThrow(/self-test/);
    const selfTest = await ingestAlert(await event(authorised, { entryId: authorised.testEntry.id }), op, "x");
    expect(selfTest.alert.isTest).toBe(true);
  });

  it("notifies other instances only when the transaction commits", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const listener = new pg.Client({ connectionString: inject("databaseUrl") });
    await listener.connect();
    await listener.query(`LISTEN ${LIVE_CHANNEL}`);
    const got = new Promise<string>((resolve) => listener.on("notification", (m) => resolve(m.payload ?? "")));
    const { alert } = await ingestAlert(await event(fx), op, "notify");
    const seq = await got;
    await listener.end();
    const row = await db().liveEvent.findUniqueOrThrow({ where: { seq: BigInt(seq) } });
    expect(row.type).toBe("alert.created");
    expect((row.payload as { id: string }).id).toBe(alert.id);
  });
});

describe("adjudication", () => {
  it("confirm then outcome, with time to decision and an audit trail of each step", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const { alert } = await ingestAlert(await event(fx), op, "adj-1");
    const confirmed = await adjudicateAlert(alert.id, { decision: "CONFIRM" }, op, "adj-2");
    expect(confirmed.status).toBe("CONFIRMED");
    expect(confirmed.secondsToDecision).not.toBeNull();
    await expect(adjudicateAlert(alert.id, { decision: "REJECT", reason: "NOT_THE_PERSON" }, op, "adj-3")).rejects.toThrow(/already confirmed/);
    const done = await recordAlertOutcome(alert.id, { outcome: "ARRESTED" }, op, "adj-4");
    expect(done.outcome).toBe("ARRESTED");
    const actions = (await db().auditEvent.findMany({ where: { targetId: alert.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["alert.create", "alert.confirm", "alert.record_outcome"]);
  });

  it("needs a second, different operator when the deployment requires it", async () => {
    const fx = await createLiveDeployment({ requireSecondConfirmation: true });
    const op1 = await createTestUser("OPERATOR");
    const op2 = await createTestUser("OPERATOR");
    const { alert } = await ingestAlert(await event(fx), op1, "two-1");
    expect((await adjudicateAlert(alert.id, { decision: "CONFIRM" }, op1, "two-2")).status).toBe("AWAITING_SECOND");
    await expect(adjudicateAlert(alert.id, { decision: "CONFIRM" }, op1, "two-3")).rejects.toThrow(/second, different operator/);
    await expect(recordAlertOutcome(alert.id, { outcome: "ENGAGED" }, op1, "two-4")).rejects.toThrow(/only for a confirmed alert/);
    expect((await adjudicateAlert(alert.id, { decision: "CONFIRM" }, op2, "two-5")).status).toBe("CONFIRMED");
  });

  it("a confirmed blue-list alert passes the deployment's self-test", async () => {
    const fx = await createLiveDeployment({ status: "AUTHORISED" });
    const op = await createTestUser("OPERATOR");
    const { alert } = await ingestAlert(await event(fx, { entryId: fx.testEntry.id }), op, "st-1");
    await adjudicateAlert(alert.id, { decision: "CONFIRM", isTest: true }, op, "st-2");
    const d = await db().deployment.findUniqueOrThrow({ where: { id: fx.deployment.id } });
    expect(d.selfTestPassedAt).not.toBeNull();
  });
});
