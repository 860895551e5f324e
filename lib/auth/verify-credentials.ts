import "server-only";
import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { DUMMY_HASH, verifyPassword } from "./password";
import type { Role } from "./roles";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; sid: string } }
  | { ok: false; reason: "invalid" | "locked" | "disabled" };

export interface SignInContext {
  ip?: string | null;
  userAgent?: string | null;
  now?: Date;
}

/**
 * Checks an email and password, applies the lockout (5 failures → 15 minutes), opens a session
 * row on success, and audits every outcome in the same transaction as its effect.
 */
export async function verifyCredentials(email: string, password: string, ctx: SignInContext = {}): Promise<SignInResult> {
  const now = ctx.now ?? new Date();
  const normalised = email.trim().toLowerCase().slice(0, 254);
  const prisma = db();
  const user = await prisma.user.findUnique({ where: { email: normalised } });
  const passwordOk = await verifyPassword(password.slice(0, 1024), user?.passwordHash ?? DUMMY_HASH);
  const audit = { requestId: null, ip: ctx.ip ?? null };

  if (!user) {
    await prisma.$transaction(
      (tx) =>
        recordAuditEvent(tx, {
          ...audit,
          actor: { id: null, email: normalised, role: null },
          action: "auth.sign_in",
          outcome: "failed",
          details: { reason: "unknown_email" },
        }),
      TX_OPTIONS,
    );
    return { ok: false, reason: "invalid" };
  }
  const actor = { id: user.id, email: user.email, role: user.role };
  if (!user.active) {
    await prisma.$transaction(
      (tx) => recordAuditEvent(tx, { ...audit, actor, action: "auth.sign_in", outcome: "failed", details: { reason: "disabled" } }),
      TX_OPTIONS,
    );
    return { ok: false, reason: "disabled" };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await prisma.$transaction(
      (tx) =>
        recordAuditEvent(tx, {
          ...audit,
          actor,
          action: "auth.sign_in",
          outcome: "failed",
          details: { reason: "locked", lockedUntil: user.lockedUntil!.toISOString() },
        }),
      TX_OPTIONS,
    );
    return { ok: false, reason: "locked" };
  }
  if (!passwordOk) {
    return prisma.$transaction(async (tx) => {
      // Re-read under a row lock so concurrent failures count correctly.
      const [fresh] = await tx.$queryRaw<{ failedLoginCount: number }[]>`
        SELECT "failedLoginCount" FROM "User" WHERE id = ${user.id}::uuid FOR UPDATE`;
      const failures = fresh.failedLoginCount + 1;
      const lock = failures >= MAX_FAILED_ATTEMPTS;
      await tx.user.update({
        where: { id: user.id },
        data: lock
          ? { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) }
          : { failedLoginCount: failures },
      });
      await recordAuditEvent(tx, {
        ...audit,
        actor,
        action: "auth.sign_in",
        outcome: "failed",
        details: { reason: "wrong_password", failures },
      });
      if (lock) {
        await recordAuditEvent(tx, {
          ...audit,
          actor,
          action: "auth.account_locked",
          targetType: "user",
          targetId: user.id,
          details: { minutes: LOCKOUT_MS / 60_000 },
        });
      }
      return { ok: false, reason: lock ? "locked" : "invalid" } as SignInResult;
    }, TX_OPTIONS);
  }
  const sid = randomBytes(24).toString("base64url");
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    await tx.userSession.create({
      data: { id: sid, userId: user.id, createdAt: now, lastSeenAt: now, userAgent: ctx.userAgent?.slice(0, 300) ?? null },
    });
    await recordAuditEvent(tx, { ...audit, actor, action: "auth.sign_in", targetType: "session", targetId: sid.slice(0, 8) });
  }, TX_OPTIONS);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sid } };
}
