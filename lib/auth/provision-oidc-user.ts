import "server-only";
import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { mapRole, type OidcConfig } from "./oidc-config";
import type { Role } from "./roles";

export interface OidcIdentity {
  sub: string;
  email: string | null;
  name: string | null;
  claims: Record<string, unknown>;
}

export type ProvisionResult =
  { ok: true; user: { id: string; email: string; name: string; role: Role; sid: string } } | { ok: false; reason: "unmapped" | "disabled" | "no_email" };

/**
 * A single sign-on: maps the identity provider's claim to a role, provisions the user on first
 * sign-in (or links the account with the same email), applies a role change made at the
 * provider (ending the user's older sessions, as an administrator's change would), and opens a
 * session. Whoever has no mapped role is refused and their open sessions end. Audited in the
 * same transaction.
 */
export async function provisionOidcUser(
  config: OidcConfig,
  identity: OidcIdentity,
  ctx: { ip?: string | null; userAgent?: string | null; now?: Date } = {},
): Promise<ProvisionResult> {
  const now = ctx.now ?? new Date();
  const subject = `${config.issuer}|${identity.sub}`.slice(0, 500);
  const role = mapRole(identity.claims[config.roleClaim], config.roleMap);
  const email = identity.email?.trim().toLowerCase().slice(0, 254) ?? null;
  const audit = { requestId: null, ip: ctx.ip ?? null };
  return db().$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { oidcSubject: subject } });
    if (!user && email) {
      const byEmail = await tx.user.findUnique({ where: { email } });
      if (byEmail && !byEmail.oidcSubject) user = byEmail;
    }
    const actor = { id: user?.id ?? null, email: user?.email ?? email, role: user?.role ?? null };
    const refuse = async (reason: "unmapped" | "disabled" | "no_email") => {
      if (user && reason === "unmapped") {
        await tx.user.update({ where: { id: user.id }, data: { sessionsValidAfter: now } });
        await tx.userSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
      }
      await recordAuditEvent(tx, {
        ...audit,
        actor,
        action: "auth.sign_in",
        outcome: "failed",
        details: { method: "oidc", reason: `oidc_${reason}`, subject },
      });
      return { ok: false, reason } as ProvisionResult;
    };
    if (!role) return refuse("unmapped");
    if (user && !user.active) return refuse("disabled");
    if (!user && !email) return refuse("no_email");

    const roleChanged = !!user && user.role !== role;
    if (!user) {
      user = await tx.user.create({
        data: {
          email: email!,
          name: (identity.name ?? email!).slice(0, 120),
          role,
          // No password: this account signs in only through the identity provider.
          passwordHash: "!sso-only",
          oidcSubject: subject,
          lastLoginAt: now,
          // Explicit: the column's default (the transaction's start) can be later than `now`.
          sessionsValidAfter: now,
        },
      });
      await recordAuditEvent(tx, {
        ...audit,
        actor: { id: user.id, email: user.email, role },
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        details: { via: "oidc", role, subject },
      });
    } else {
      user = await tx.user.update({
        where: { id: user.id },
        data: {
          oidcSubject: subject,
          role,
          lastLoginAt: now,
          ...(identity.name ? { name: identity.name.slice(0, 120) } : {}),
          ...(roleChanged ? { sessionsValidAfter: now } : {}),
        },
      });
      if (roleChanged) {
        await tx.userSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
        await recordAuditEvent(tx, {
          ...audit,
          actor: { id: user.id, email: user.email, role },
          action: "user.update",
          targetType: "user",
          targetId: user.id,
          details: { via: "oidc", role: { from: actor.role, to: role }, sessionsInvalidated: true },
        });
      }
    }
    const sid = randomBytes(24).toString("base64url");
    // One millisecond later than sessionsValidAfter, so a role change does not end this new session.
    const created = new Date(now.getTime() + 1);
    await tx.userSession.create({
      data: {
        id: sid,
        userId: user.id,
        createdAt: created,
        lastSeenAt: created,
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent?.slice(0, 300) ?? null,
        method: "oidc",
      },
    });
    await recordAuditEvent(tx, {
      ...audit,
      actor: { id: user.id, email: user.email, role },
      action: "auth.sign_in",
      targetType: "session",
      targetId: sid.slice(0, 8),
      details: { method: "oidc" },
    });
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, role, sid } } as ProvisionResult;
  }, TX_OPTIONS);
}
