import "server-only";
import { randomBytes } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit/append-audit-event";
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { checkSecondFactor } from "./check-second-factor";
import { mfaRequiredFor } from "./mfa-policy";
import { DUMMY_HASH, verifyPassword } from "./password";
import type { Role } from "./roles";
import { clearThrottle, LIMITS, LOCKOUT_MS, lockIfAtLimit, releaseAttempt, reserveAttempt, throttleKey, type Reservation } from "./sign-in-throttle";

export { LOCKOUT_MS };
export const MAX_FAILED_ATTEMPTS = LIMITS.accountSource;

export type SessionRestriction = "change_password" | "enrol_mfa";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; sid: string; restriction: SessionRestriction | null } }
  | { ok: false; reason: "invalid" | "limited" | "mfa_required" };

export interface SignInContext {
  ip?: string | null;
  userAgent?: string | null;
  /** An authenticator (TOTP) code or a recovery code, when the user has a second factor. */
  code?: string | null;
  now?: Date;
}

/**
 * Checks an email, password and (when enrolled) second factor, and opens a session row.
 *
 * Brute force: before anything is checked the attempt is reserved on three Postgres counters
 * (this source; this account from this source; this account from anywhere), each an atomic
 * upsert, so parallel guesses are numbered one by one and at most 5 per account and source are
 * ever checked. A source over its limit is refused without a check. An account over its limit
 * (an attack from elsewhere) is still open to its owner with a second factor: the code is
 * checked first, and only a valid code earns a password check.
 *
 * Unknown emails, disabled accounts and wrong passwords give the same answer, are counted the
 * same way, and are audited (with the real reason) in the same transaction as their effect.
 */
export async function verifyCredentials(email: string, password: string, ctx: SignInContext = {}): Promise<SignInResult> {
  const now = ctx.now ?? new Date();
  const normalised = email.trim().toLowerCase().slice(0, 254);
  const ip = ctx.ip?.slice(0, 64) ?? null;
  const code = ctx.code?.trim().slice(0, 64) || null;
  const prisma = db();
  const auditBase = { requestId: null, ip };

  const user = await prisma.user.findUnique({ where: { email: normalised } });
  const actor: AuditActor = user ? { id: user.id, email: user.email, role: user.role } : { id: null, email: normalised, role: null };

  const refuse = async (reason: "limited", detail: string): Promise<SignInResult> => {
    // Nothing changes on this refusal: the record stands alone.
    await appendAuditEvent({ ...auditBase, actor, action: "auth.sign_in", outcome: "failed", details: { reason: detail } }, prisma);
    return { ok: false, reason };
  };

  const reservations: Reservation[] = [];
  for (const kind of ["source", "accountSource", "account"] as const) {
    const r = await reserveAttempt(kind, throttleKey(kind, normalised, ip), now);
    reservations.push(r);
    if (r.over && kind !== "account") return refuse("limited", `${kind === "source" ? "source" : "account_source"}_limited`);
  }
  const accountLocked = reservations[2].over;
  if (accountLocked && !code) return refuse("limited", "account_limited");

  const fail = (detail: string) =>
    prisma.$transaction(async (tx) => {
      let locked = false;
      for (const r of reservations) {
        if (!(await lockIfAtLimit(tx, r, now))) continue;
        locked = true;
        if (r.kind !== "source" && user) {
          await tx.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(now.getTime() + LOCKOUT_MS) } });
        }
        await recordAuditEvent(tx, {
          ...auditBase,
          actor,
          action: r.kind === "source" ? "auth.lock_source" : "auth.lock_account",
          targetType: r.kind === "source" ? "source" : "user",
          targetId: r.kind === "source" ? ip : (user?.id ?? null),
          details: { scope: r.kind, email: r.kind === "source" ? null : normalised, source: ip, minutes: LOCKOUT_MS / 60_000 },
        });
      }
      await recordAuditEvent(tx, { ...auditBase, actor, action: "auth.sign_in", outcome: "failed", details: { reason: detail } });
      return { ok: false, reason: locked ? "limited" : "invalid" } as SignInResult;
    }, TX_OPTIONS);

  let factor: "totp" | "recovery" | null = null;
  if (accountLocked) {
    // Locked by failures from elsewhere: only the second factor opens the door to a password check.
    const second =
      user && user.active && user.totpSecret ? await prisma.$transaction((tx) => checkSecondFactor(tx, user, code!, now), TX_OPTIONS) : { ok: false as const };
    if (!second.ok) return fail("second_factor_wrong_while_locked");
    factor = second.method;
  }

  const passwordOk = await verifyPassword(password.slice(0, 1024), user?.passwordHash ?? DUMMY_HASH);
  if (!user) return fail("unknown_email");
  if (!user.active) return fail("disabled");
  if (!passwordOk) return fail("wrong_password");

  if (user.totpSecret && !factor) {
    if (!code) {
      // The password was right: this was no guess, so its reservations are given back.
      await prisma.$transaction(async (tx) => {
        for (const r of reservations) await releaseAttempt(tx, r.key);
        await recordAuditEvent(tx, { ...auditBase, actor, action: "auth.request_second_factor" });
      }, TX_OPTIONS);
      return { ok: false, reason: "mfa_required" };
    }
    const second = await prisma.$transaction((tx) => checkSecondFactor(tx, user, code, now), TX_OPTIONS);
    if (!second.ok) return fail("wrong_second_factor");
    factor = second.method;
  }

  const restriction: SessionRestriction | null = user.mustChangePassword
    ? "change_password"
    : mfaRequiredFor(user.role) && !user.totpSecret
      ? "enrol_mfa"
      : null;
  const method = factor ? `password+${factor}` : "password";
  const sid = randomBytes(24).toString("base64url");
  await prisma.$transaction(async (tx) => {
    await clearThrottle(tx, [reservations[1].key, reservations[2].key]);
    await releaseAttempt(tx, reservations[0].key);
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    await tx.userSession.create({
      data: {
        id: sid,
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        userAgent: ctx.userAgent?.slice(0, 300) ?? null,
        ip,
        method,
        restriction,
      },
    });
    await recordAuditEvent(tx, {
      ...auditBase,
      actor,
      action: "auth.sign_in",
      targetType: "session",
      targetId: sid.slice(0, 8),
      details: { method, ...(accountLocked ? { whileLocked: true } : {}), ...(restriction ? { restriction } : {}) },
    });
  }, TX_OPTIONS);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sid, restriction } };
}
