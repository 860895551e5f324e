import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS, verifyCredentials } from "./verify-credentials";
import { validateSession } from "./validate-session";

describe("verifyCredentials", () => {
  it("signs in with the right password, opens a session and audits it", async () => {
    const user = await createTestUser("OPERATOR");
    const result = await verifyCredentials(user.email.toUpperCase(), user.password);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.role).toBe("OPERATOR");
    expect(await validateSession(result.user.sid, user.id)).toMatchObject({ id: user.id, role: "OPERATOR" });
    const audit = await db().auditEvent.findFirst({ where: { actorId: user.id, action: "auth.sign_in", outcome: "ok" } });
    expect(audit).not.toBeNull();
  });

  it("locks the account after five wrong passwords, even against the right one, for 15 minutes", async () => {
    const user = await createTestUser("COMMANDER");
    const now = new Date("2026-11-22T10:00:00Z");
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      expect(await verifyCredentials(user.email, "wrong password", { now })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await verifyCredentials(user.email, "wrong password", { now })).toEqual({ ok: false, reason: "locked" });
    expect(await verifyCredentials(user.email, user.password, { now: new Date(now.getTime() + 60_000) })).toEqual({
      ok: false,
      reason: "locked",
    });
    const after = new Date(now.getTime() + LOCKOUT_MS + 1000);
    expect((await verifyCredentials(user.email, user.password, { now: after })).ok).toBe(true);
    const locks = await db().auditEvent.count({ where: { targetId: user.id, action: "auth.account_locked" } });
    expect(locks).toBe(1);
    const failures = await db().auditEvent.count({ where: { actorId: user.id, action: "auth.sign_in", outcome: "failed" } });
    expect(failures).toBe(MAX_FAILED_ATTEMPTS + 1);
  });

  it("does not reveal whether an email exists, but audits the attempt", async () => {
    const result = await verifyCredentials("nobody@nowhere.test", "whatever");
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const audit = await db().auditEvent.findFirst({ where: { actorEmail: "nobody@nowhere.test" } });
    expect(audit?.outcome).toBe("failed");
  });

  it("refuses a disabled user", async () => {
    const user = await createTestUser("PRIVACY_OFFICER");
    await db().user.update({ where: { id: user.id }, data: { active: false } });
    expect(await verifyCredentials(user.email, user.password)).toEqual({ ok: false, reason: "disabled" });
  });
});
