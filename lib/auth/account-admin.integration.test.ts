import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { changeOwnPassword } from "./change-own-password";
import { confirmTotpEnrolment } from "./confirm-totp-enrolment";
import { endOwnSession } from "./end-own-session";
import { listOwnSessions } from "./list-own-sessions";
import { listSignInLocks } from "./list-sign-in-locks";
import { parseRoleMap } from "./oidc-config";
import { provisionOidcUser } from "./provision-oidc-user";
import { resetSecondFactor } from "./reset-second-factor";
import { setOneTimePassword } from "./set-one-time-password";
import { startTotpEnrolment } from "./start-totp-enrolment";
import { totpCode } from "./totp";
import { unlockSignIn } from "./unlock-sign-in";
import { validateSession } from "./validate-session";
import { verifyCredentials } from "./verify-credentials";

const ip = () => `192.0.2.${Math.floor(Math.random() * 250)}-${Date.now()}-${Math.random()}`;

async function signedIn(user: { email: string; password: string; id: string }, code?: string) {
  const r = await verifyCredentials(user.email, user.password, { ip: ip(), userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", code });
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return (await validateSession(r.user.sid, user.id))!;
}

describe("second-factor enrolment", () => {
  it("a pending secret becomes the factor only with a right code; recovery codes are stored hashed; replacing needs a current code", async () => {
    const user = await createTestUser("OPERATOR");
    const session = await signedIn(user);
    const started = await startTotpEnrolment(session, {});
    expect(started.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(started.uri).toContain(`secret=${started.secret}`);
    await expect(confirmTotpEnrolment(session, { code: "000000" === totpCode(started.secret) ? "111111" : "000000" }, "r1")).rejects.toThrow(/does not match/);
    const { recoveryCodes } = await confirmTotpEnrolment(session, { code: totpCode(started.secret) }, "r2");
    expect(recoveryCodes).toHaveLength(10);
    const stored = await db().recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.map((s) => s.codeHash)).not.toContain(recoveryCodes[0]);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.codeHash))).toBe(true);
    await expect(startTotpEnrolment(session, {})).rejects.toThrow(/current code/);
    const audit = await db().auditEvent.findFirst({ where: { targetId: user.id, action: "auth.enrol_second_factor" } });
    expect(audit?.details).toMatchObject({ method: "totp", replaced: false });
  });

  it("a set-up-only session becomes a full one when enrolment is confirmed", async () => {
    const admin = await createTestUser("ADMIN");
    const session = await signedIn(admin);
    expect(session.restriction).toBe("enrol_mfa");
    const { secret } = await startTotpEnrolment(session, {});
    await confirmTotpEnrolment(session, { code: totpCode(secret) }, "r");
    expect((await validateSession(session.sid, admin.id))?.restriction).toBeNull();
  });
});

describe("administration", () => {
  it("an admin resets another user's second factor, ending their sessions, audited; never their own", async () => {
    const admin = await createTestUser("ADMIN");
    const user = await createTestUser("OPERATOR");
    const session = await signedIn(user);
    const { secret } = await startTotpEnrolment(session, {});
    await confirmTotpEnrolment(session, { code: totpCode(secret) }, "r");
    await expect(resetSecondFactor(admin.id, admin, "r")).rejects.toThrow(/own second factor/);
    await resetSecondFactor(user.id, admin, "r");
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.totpSecret).toBeNull();
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await validateSession(session.sid, user.id)).toBeNull();
    const audit = await db().auditEvent.findFirst({ where: { targetId: user.id, action: "auth.reset_second_factor" } });
    expect(audit).toMatchObject({ actorId: admin.id });
  });

  it("a one-time password must be changed at next sign-in; changing it ends the other sessions", async () => {
    const admin = await createTestUser("ADMIN");
    const user = await createTestUser("COMMANDER");
    const old = await signedIn(user);
    const { password } = await setOneTimePassword(user.id, admin, "r");
    expect(await validateSession(old.sid, user.id)).toBeNull();
    const setup = await signedIn({ ...user, password });
    expect(setup.restriction).toBe("change_password");
    await expect(changeOwnPassword(setup, { currentPassword: "wrong", newPassword: "my-new-password-1" }, "r")).rejects.toThrow(/incorrect/);
    expect(await changeOwnPassword(setup, { currentPassword: password, newPassword: "my-new-password-1" }, "r")).toEqual({ changed: true, next: null });
    expect((await validateSession(setup.sid, user.id))?.restriction).toBeNull();
    expect((await verifyCredentials(user.email, "my-new-password-1", { ip: ip() })).ok).toBe(true);
    const events = await db().auditEvent.findMany({ where: { targetId: user.id, action: { in: ["user.set_one_time_password", "user.change_password"] } } });
    expect(events.map((e) => e.action).sort()).toEqual(["user.change_password", "user.set_one_time_password"]);
  });

  it("locks are listed, and an admin unlock lifts one and is audited", async () => {
    const admin = await createTestUser("ADMIN");
    const user = await createTestUser("OPERATOR");
    const source = ip();
    for (let i = 0; i < 5; i++) await verifyCredentials(user.email, "wrong", { ip: source });
    const locks = (await listSignInLocks()).filter((l) => l.email === user.email);
    expect(locks.map((l) => l.kind).sort()).toEqual(["account", "accountSource"]);
    const account = locks.find((l) => l.kind === "account")!;
    await unlockSignIn(account.key, admin, "r");
    expect((await listSignInLocks()).filter((l) => l.email === user.email).map((l) => l.kind)).toEqual(["accountSource"]);
    expect((await verifyCredentials(user.email, user.password, { ip: ip() })).ok).toBe(true);
    const audit = await db().auditEvent.findFirst({ where: { targetId: user.id, action: "auth.unlock_account" } });
    expect(audit?.details).toMatchObject({ scope: "account", email: user.email });
  });
});

describe("own sessions", () => {
  it("lists device, address and time, and ends one of one's own but not another user's", async () => {
    const user = await createTestUser("OPERATOR");
    const a = await signedIn(user);
    const b = await signedIn(user);
    const other = await signedIn(await createTestUser("OPERATOR"));
    const list = await listOwnSessions(a);
    expect(list).toHaveLength(2);
    expect(list.find((s) => s.current)?.id).toBe(a.sid);
    expect(list[0]).toMatchObject({ device: "Chrome on Linux", method: "password" });
    expect(list[0].ip).toMatch(/^192\.0\.2\./);
    await expect(endOwnSession(a, other.sid, "r")).rejects.toThrow(/not found/);
    await endOwnSession(a, b.sid, "r");
    expect(await validateSession(b.sid, user.id)).toBeNull();
    expect(await validateSession(a.sid, user.id)).not.toBeNull();
  });
});

describe("OIDC provisioning", () => {
  const config = {
    issuer: "https://login.example.test/tenant",
    clientId: "x",
    clientSecret: "y",
    roleClaim: "groups",
    roleMap: parseRoleMap("g-ops:OPERATOR,g-cmd:COMMANDER"),
    label: "SSO",
  };
  it("provisions on first sign-in, applies role changes at the next one (ending older sessions), refuses an unmapped user", async () => {
    const sub = `sub-${Date.now()}`;
    const email = `${sub}@force.example`;
    const first = await provisionOidcUser(config, { sub, email, name: "Pat", claims: { groups: ["g-ops"] } });
    expect(first).toMatchObject({ ok: true, user: { role: "OPERATOR", email } });
    if (!first.ok) return;
    expect(await validateSession(first.user.sid, first.user.id)).toMatchObject({ role: "OPERATOR" });
    const again = await provisionOidcUser(config, { sub, email, name: "Pat", claims: { groups: ["g-cmd"] } });
    expect(again).toMatchObject({ ok: true, user: { id: first.user.id, role: "COMMANDER" } });
    if (!again.ok) return;
    expect(await validateSession(first.user.sid, first.user.id)).toBeNull();
    expect(await validateSession(again.user.sid, again.user.id)).toMatchObject({ role: "COMMANDER" });
    expect(await provisionOidcUser(config, { sub, email, name: "Pat", claims: { groups: ["other"] } })).toEqual({ ok: false, reason: "unmapped" });
    expect(await validateSession(again.user.sid, again.user.id)).toBeNull();
    // An SSO-only account has no password to guess.
    expect((await verifyCredentials(email, "!sso-only", { ip: ip() })).ok).toBe(false);
  });

  it("a stranger with no mapped group is refused and nothing is created", async () => {
    const r = await provisionOidcUser(config, { sub: "x-stranger", email: "stranger@force.example", name: null, claims: { groups: "nope" } });
    expect(r).toEqual({ ok: false, reason: "unmapped" });
    expect(await db().user.findUnique({ where: { email: "stranger@force.example" } })).toBeNull();
  });
});
