import { describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, matchEventFor } from "@/lib/testing/live-fixtures";
import { alertViewSchema, deploymentChangedEventSchema, UNDO_SECONDS } from "@/lib/live/live-schemas";
import { adjudicateAlert, recordAlertOutcome } from "./adjudicate-alert";
import { adjudicateSchema } from "./alert-schemas";
import { ingestAlert } from "./ingest-alert";
import { undoDecision } from "./undo-decision";

type Fx = Awaited<ReturnType<typeof createLiveDeployment>>;

async function raise(fx: Fx, op: CurrentUser, entryId = fx.entry.id) {
  const { alert } = await ingestAlert(matchEventFor(fx, { entryId }), op, "raise");
  return alert;
}

const trail = async (alertId: string) =>
  (await db().auditEvent.findMany({ where: { targetId: alertId }, orderBy: { id: "asc" } })).map((e) => ({
    action: e.action,
    actor: e.actorId,
    details: e.details as Record<string, unknown>,
  }));

describe("adjudication that cannot slip", () => {
  it("a reject without a reason is refused (400 naming reason); OTHER needs a note", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const alert = await raise(fx, op);
    const parsed = adjudicateSchema.safeParse({ decision: "REJECT" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(["reason"]);
    expect(adjudicateSchema.safeParse({ decision: "REJECT", reason: "OTHER" }).error!.issues.map((i) => i.path.join("."))).toEqual(["note"]);
    expect(adjudicateSchema.safeParse({ decision: "REJECT", reason: "BECAUSE" }).success).toBe(false);
    await expect(adjudicateAlert(alert.id, { decision: "REJECT" }, op, "r")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^reason/) });
    await expect(adjudicateAlert(alert.id, { decision: "REJECT", reason: "OTHER" }, op, "r")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^note/),
    });
    expect((await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("PENDING");
    const rejected = await adjudicateAlert(alert.id, { decision: "REJECT", reason: "IMAGE_TOO_POOR" }, op, "r");
    expect(rejected.status).toBe("REJECTED");
    expect(rejected.adjudications[0]).toMatchObject({ decision: "REJECT", reason: "IMAGE_TOO_POOR", userName: op.name });
    expect((await trail(alert.id)).at(-1)).toMatchObject({ action: "alert.reject", details: { reason: "IMAGE_TOO_POOR" } });
  });

  it("an undone decision leaves both decisions in the audit trail", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const alert = await raise(fx, op);
    const confirmed = await adjudicateAlert(alert.id, { decision: "CONFIRM" }, op, "c");
    expect(alertViewSchema.parse(confirmed)).toMatchObject({ status: "CONFIRMED", lastDecisionBy: { userId: op.id, decision: "CONFIRM" } });
    expect(Date.parse(confirmed.undoableUntil!) - Date.parse(confirmed.adjudications[0].createdAt)).toBe(UNDO_SECONDS * 1000);
    const undone = await undoDecision(alert.id, op, "u");
    expect(undone).toMatchObject({ status: "PENDING", decidedAt: null, lastDecisionBy: null, undoableUntil: null });
    expect(undone.adjudications).toHaveLength(1);
    expect(undone.adjudications[0].undoneAt).not.toBeNull();
    const rejected = await adjudicateAlert(alert.id, { decision: "REJECT", reason: "NOT_THE_PERSON" }, op, "r");
    expect(rejected.status).toBe("REJECTED");
    const t = await trail(alert.id);
    expect(t.map((e) => e.action)).toEqual(["alert.create", "alert.confirm", "alert.undo", "alert.reject"]);
    expect(t[2]).toMatchObject({ actor: op.id, details: { decision: "CONFIRM", from: "CONFIRMED", to: "PENDING", undone: confirmed.adjudications[0].id } });
    // The stream told consoles each step.
    const live = await db().liveEvent.findMany({ where: { deploymentId: fx.deployment.id, type: "alert.updated" }, orderBy: { seq: "asc" } });
    expect(live.map((e) => alertViewSchema.parse(e.payload).status)).toEqual(["CONFIRMED", "PENDING", "REJECTED"]);
  });

  it("undo only by the same user, only within the window, only the latest decision", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const other = await createTestUser("OPERATOR");
    const alert = await raise(fx, op);
    await expect(undoDecision(alert.id, op, "u0")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/no decision/) });
    const past = new Date(Date.now() - (UNDO_SECONDS + 1) * 1000);
    await adjudicateAlert(alert.id, { decision: "REJECT", reason: "DUPLICATE" }, op, "r", past);
    await expect(undoDecision(alert.id, other, "u1")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/only they can undo/) });
    await expect(undoDecision(alert.id, op, "u2")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/final/) });
    expect((await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("REJECTED");
    expect((await trail(alert.id)).map((e) => e.action)).toEqual(["alert.create", "alert.reject"]);
  });

  it("two-person confirmation: undoing the second confirmation returns the alert to awaiting second", async () => {
    const fx = await createLiveDeployment({ requireSecondConfirmation: true });
    const op1 = await createTestUser("OPERATOR");
    const op2 = await createTestUser("OPERATOR");
    const alert = await raise(fx, op1);
    expect((await adjudicateAlert(alert.id, { decision: "CONFIRM" }, op1, "1")).status).toBe("AWAITING_SECOND");
    expect((await adjudicateAlert(alert.id, { decision: "CONFIRM" }, op2, "2")).status).toBe("CONFIRMED");
    await expect(undoDecision(alert.id, op1, "u")).rejects.toMatchObject({ status: 409 });
    const back = await undoDecision(alert.id, op2, "u2");
    expect(back.status).toBe("AWAITING_SECOND");
    // op1 still cannot be the second confirmer; a third operator can.
    await expect(adjudicateAlert(alert.id, { decision: "CONFIRM" }, op1, "3")).rejects.toThrow(/second, different operator/);
    const op3 = await createTestUser("OPERATOR");
    expect((await adjudicateAlert(alert.id, { decision: "CONFIRM" }, op3, "4")).status).toBe("CONFIRMED");
  });

  it("test alerts take only test outcomes, real alerts only real ones; an outcome can be undone", async () => {
    const fx = await createLiveDeployment();
    const op = await createTestUser("OPERATOR");
    const real = await raise(fx, op);
    await adjudicateAlert(real.id, { decision: "CONFIRM" }, op, "c");
    await expect(recordAlertOutcome(real.id, { outcome: "TEST_PASSED" }, op, "o")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^outcome TEST_PASSED does not apply to a real alert/),
    });
    expect((await recordAlertOutcome(real.id, { outcome: "ARRESTED" }, op, "o")).outcome).toBe("ARRESTED");
    const undone = await undoDecision(real.id, op, "u");
    expect(undone).toMatchObject({ status: "CONFIRMED", outcome: null });
    expect((await recordAlertOutcome(real.id, { outcome: "NOT_LOCATED" }, op, "o2")).outcome).toBe("NOT_LOCATED");

    const test = await raise(fx, op, fx.testEntry.id);
    expect(test.isTest).toBe(true);
    await adjudicateAlert(test.id, { decision: "CONFIRM", isTest: true }, op, "c2");
    await expect(recordAlertOutcome(test.id, { outcome: "ARRESTED" }, op, "o3")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/test \(blue-list\) alert/),
    });
    expect((await recordAlertOutcome(test.id, { outcome: "TEST_PASSED" }, op, "o4")).outcome).toBe("TEST_PASSED");
  });

  it("undoing the confirmation that passed the self-test reverts it (and says so live); after go-live it is final", async () => {
    const fx = await createLiveDeployment({ status: "AUTHORISED" });
    const op = await createTestUser("OPERATOR");
    const id = fx.deployment.id;
    const alert = await raise(fx, op, fx.testEntry.id);
    await adjudicateAlert(alert.id, { decision: "CONFIRM", isTest: true }, op, "c");
    expect((await db().deployment.findUniqueOrThrow({ where: { id } })).selfTestPassedAt).not.toBeNull();
    await undoDecision(alert.id, op, "u");
    expect((await db().deployment.findUniqueOrThrow({ where: { id } })).selfTestPassedAt).toBeNull();
    const changes = (await db().liveEvent.findMany({ where: { deploymentId: id, type: "deployment.changed" }, orderBy: { seq: "asc" } })).map((e) =>
      deploymentChangedEventSchema.parse(e.payload),
    );
    expect(changes.map((c) => [c.change, c.scope.selfTestPassedAt === null])).toEqual([
      ["self-test-passed", false],
      ["self-test-undone", true],
    ]);
    expect(changes[1].scope.version).toBeGreaterThan(changes[0].scope.version);
    expect((await trail(alert.id)).map((e) => e.action)).toEqual(["alert.create", "alert.confirm", "alert.undo"]);

    // Confirm again, go live on it: the confirmation can no longer be undone.
    await adjudicateAlert(alert.id, { decision: "CONFIRM", isTest: true }, op, "c2");
    await db().deployment.update({ where: { id }, data: { status: "LIVE" } });
    await expect(undoDecision(alert.id, op, "u2")).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/live on the strength of this self-test/),
    });
    expect((await db().deployment.findUniqueOrThrow({ where: { id } })).selfTestPassedAt).not.toBeNull();
  });
});
