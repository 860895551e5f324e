import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { hashRecoveryCode } from "./recovery-codes";
import { LIMITS } from "./sign-in-throttle";
import { generateTotpSecret, totpCode } from "./totp";
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS, verifyCredentials } from "./verify-credentials";
import { validateSession } from "./validate-session";

let ipSeq = 0;
/** A distinct source address per test, so the per-source counters of one test never touch another. */
const freshIp = () => `198.51.100.${(process.pid + ++ipSeq) % 250}-${Date.now() % 100000}-${ipSeq}`;

async function enrolTotp(userId: string) {
  const secret = generateTotpSecret();
  await db().user.update({ where: { id: userId }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
  return secret;
}

describe("verifyCredentials", () => {
  it("signs in with the right password, opens a session with address and device, and audits it", async () => {
    const user = await createTestUser("OPERATOR");
    const result = await verifyCredentials(user.email.toUpperCase(), user.password, { ip: freshIp(), userAgent: "Test UA" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user.role).toBe("OPERATOR");
    expect(await validateSession(result.user.sid, user.id)).toMatchObject({ id: user.id, role: "OPERATOR", restriction: null });
    const row = await db().userSession.findUnique({ where: { id: result.user.sid } });
    expect(row).toMatchObject({ userAgent: "Test UA", method: "password" });
    const audit = await db().auditEvent.findFirst({ where: { actorId: user.id, action: "auth.sign_in", outcome: "ok" } });
    expect(audit).not.toBeNull();
  });

  it("locks the account from a source after five wrong passwords, even against the right one, for 15 minutes", async () => {
    const user = await createTestUser("COMMANDER");
    const ip = freshIp();
    const now = new Date("2026-11-22T10:00:00Z");
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      expect(await verifyCredentials(user.email, "wrong password", { now, ip })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await verifyCredentials(user.email, "wrong password", { now, ip })).toEqual({ ok: false, reason: "limited" });
    expect(await verifyCredentials(user.email, user.password, { now: new Date(now.getTime() + 60_000), ip })).toEqual({
      ok: false,
      reason: "limited",
    });
    const after = new Date(now.getTime() + LOCKOUT_MS + 1000);
    expect((await verifyCredentials(user.email, user.password, { now: after, ip })).ok).toBe(true);
    const locks = await db().auditEvent.findMany({ where: { targetId: user.id, action: "auth.lock_account" } });
    // Both the account-from-this-source and the account-wide counters reached their limit.
    expect(locks.map((l) => (l.details as { scope: string }).scope).sort()).toEqual(["account", "accountSource"]);
    const wrong = await db().auditEvent.count({
      where: { actorId: user.id, action: "auth.sign_in", outcome: "failed", details: { path: ["reason"], equals: "wrong_password" } },
    });
    expect(wrong).toBe(MAX_FAILED_ATTEMPTS);
  });

  it("40 parallel wrong passwords: at most 5 are checked, the rest are refused as limited; the owner still signs in from elsewhere with the second factor", async () => {
    const user = await createTestUser("ADMIN");
    const secret = await enrolTotp(user.id);
    const attacker = freshIp();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => verifyCredentials(user.email, `guess-${i}`, { ip: attacker })));
    const checked = await db().auditEvent.count({
      where: { actorId: user.id, action: "auth.sign_in", details: { path: ["reason"], equals: "wrong_password" } },
    });
    const limited = results.filter((r) => !r.ok && r.reason === "limited").length;
    const invalid = results.filter((r) => !r.ok && r.reason === "invalid").length;
    console.log(`40 parallel guesses: ${checked} checked, ${invalid} answered invalid, ${limited} refused as limited`);
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked).toBeGreaterThan(0);
    expect(invalid + limited).toBe(40);
    expect(limited).toBeGreaterThanOrEqual(35);

    // The attacker's source stays locked, right password or not.
    expect(await verifyCredentials(user.email, user.password, { ip: attacker, code: totpCode(secret) })).toEqual({
      ok: false,
      reason: "limited",
    });
    // The owner, from another address: without the code the account is paused ...
    const home = freshIp();
    expect(await verifyCredentials(user.email, user.password, { ip: home })).toEqual({ ok: false, reason: "limited" });
    // ... a wrong code does not open it ...
    expect(await verifyCredentials(user.email, user.password, { ip: home, code: "000000" === totpCode(secret) ? "111111" : "000000" })).toMatchObject({
      ok: false,
    });
    // ... and the second factor does.
    const owner = await verifyCredentials(user.email, user.password, { ip: home, code: totpCode(secret) });
    expect(owner.ok).toBe(true);
    const signIn = await db().auditEvent.findFirst({ where: { actorId: user.id, action: "auth.sign_in", outcome: "ok" } });
    expect(signIn?.details).toMatchObject({ method: "password+totp", whileLocked: true });
  });

  it("over the account limit, a wrong code never reaches the password check", async () => {
    const user = await createTestUser("OPERATOR");
    await enrolTotp(user.id);
    for (let i = 0; i < LIMITS.account; i++) await verifyCredentials(user.email, "wrong", { ip: freshIp() });
    const before = await db().auditEvent.count({ where: { actorId: user.id, details: { path: ["reason"], equals: "wrong_password" } } });
    expect(await verifyCredentials(user.email, "still wrong", { ip: freshIp(), code: "123456" })).toMatchObject({ ok: false });
    const after = await db().auditEvent.count({ where: { actorId: user.id, details: { path: ["reason"], equals: "wrong_password" } } });
    expect(after).toBe(before);
  });

  it("unknown, disabled and wrong-password sign-ins get the same answer, and are audited with the real reason", async () => {
    const disabled = await createTestUser("PRIVACY_OFFICER");
    await db().user.update({ where: { id: disabled.id }, data: { active: false } });
    const wrong = await createTestUser("PRIVACY_OFFICER");
    const answers = [
      await verifyCredentials("nobody@nowhere.test", "whatever", { ip: freshIp() }),
      await verifyCredentials(disabled.email, disabled.password, { ip: freshIp() }),
      await verifyCredentials(disabled.email, "wrong", { ip: freshIp() }),
      await verifyCredentials(wrong.email, "wrong", { ip: freshIp() }),
    ];
    for (const a of answers) expect(a).toEqual({ ok: false, reason: "invalid" });
    const audit = await db().auditEvent.findFirst({ where: { actorEmail: "nobody@nowhere.test" } });
    expect(audit?.outcome).toBe("failed");
    const reasons = await db().auditEvent.findMany({ where: { actorId: disabled.id, action: "auth.sign_in" } });
    expect(reasons.map((r) => (r.details as { reason: string }).reason)).toEqual(["disabled", "disabled"]);
  });

  it("unknown emails are limited exactly like real ones", async () => {
    const ip = freshIp();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await verifyCredentials("ghost@nowhere.test", "x", { ip })) as { reason: string });
    expect(answers.map((a) => a.reason)).toEqual(["invalid", "invalid", "invalid", "invalid", "limited", "limited"]);
  });

  it("with a second factor: asks for it after the right password, refuses a wrong or reused code, a recovery code works once", async () => {
    const user = await createTestUser("ADMIN");
    const secret = await enrolTotp(user.id);
    await db().recoveryCode.create({ data: { userId: user.id, codeHash: hashRecoveryCode("abcd-efgh-jkmn") } });
    const ip = freshIp();
    expect(await verifyCredentials(user.email, user.password, { ip })).toEqual({ ok: false, reason: "mfa_required" });
    // A wrong password never reveals that a second factor is enrolled.
    expect(await verifyCredentials(user.email, "wrong", { ip })).toEqual({ ok: false, reason: "invalid" });
    const now = new Date();
    const code = totpCode(secret, now);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(await verifyCredentials(user.email, user.password, { ip, code: wrongCode, now })).toEqual({ ok: false, reason: "invalid" });
    const first = await verifyCredentials(user.email, user.password, { ip, code, now });
    expect(first.ok).toBe(true);
    expect(await verifyCredentials(user.email, user.password, { ip, code, now })).toEqual({ ok: false, reason: "invalid" });
    // Two parallel sign-ins with one fresh code: exactly one wins.
    const later = new Date(now.getTime() + 60_000);
    const fresh = totpCode(secret, later);
    const pair = await Promise.all([1, 2].map(() => verifyCredentials(user.email, user.password, { ip: freshIp(), code: fresh, now: later })));
    expect(pair.filter((r) => r.ok)).toHaveLength(1);

    expect((await verifyCredentials(user.email, user.password, { ip, code: "ABCD-EFGH-JKMN" })).ok).toBe(true);
    expect(await verifyCredentials(user.email, user.password, { ip, code: "abcd-efgh-jkmn" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("a required second factor not yet enrolled gives a set-up-only session; so does a one-time password", async () => {
    const admin = await createTestUser("ADMIN");
    const result = await verifyCredentials(admin.email, admin.password, { ip: freshIp() });
    expect(result).toMatchObject({ ok: true, user: { restriction: "enrol_mfa" } });
    const operator = await createTestUser("OPERATOR");
    await db().user.update({ where: { id: operator.id }, data: { mustChangePassword: true } });
    expect(await verifyCredentials(operator.email, operator.password, { ip: freshIp() })).toMatchObject({
      ok: true,
      user: { restriction: "change_password" },
    });
  });
});
