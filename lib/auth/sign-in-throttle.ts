import "server-only";
import { db, type Tx } from "@/lib/db/prisma";

/**
 * Failed-attempt counters in Postgres, so every app instance shares them. A caller *reserves*
 * an attempt before checking anything: one atomic upsert increments the counter and returns it,
 * so parallel guesses are numbered one by one and only the first `limit` are ever checked.
 * A successful check gives its reservation back; a failure keeps it, and the failure that
 * reaches the limit locks the key for LOCKOUT_MS.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** Per account from one source, per account from every source, per source across accounts. */
export const LIMITS = { accountSource: 5, account: 5, source: 50 } as const;

export type ThrottleKind = keyof typeof LIMITS;

export function throttleKey(kind: ThrottleKind, email: string, ip: string | null): string {
  const source = ip ?? "unknown";
  if (kind === "source") return `source:${source}`;
  if (kind === "account") return `account:${email}`;
  return `account-source:${email}|${source}`;
}

export interface Reservation {
  key: string;
  kind: ThrottleKind;
  /** This attempt's number in the current window (1 = first). */
  count: number;
  limit: number;
  /** True when the attempt is over the limit and must not be checked. */
  over: boolean;
}

export async function reserveAttempt(kind: ThrottleKind, key: string, now: Date): Promise<Reservation> {
  const resetAt = new Date(now.getTime() + THROTTLE_WINDOW_MS);
  const [row] = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO "SignInThrottle" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "SignInThrottle"."resetAt" <= ${now} THEN 1 ELSE "SignInThrottle"."count" + 1 END,
      "lockedAt" = CASE WHEN "SignInThrottle"."resetAt" <= ${now} THEN NULL ELSE "SignInThrottle"."lockedAt" END,
      "resetAt" = CASE WHEN "SignInThrottle"."resetAt" <= ${now} THEN ${resetAt} ELSE "SignInThrottle"."resetAt" END
    RETURNING "count"`;
  const limit = LIMITS[kind];
  return { key, kind, count: row.count, limit, over: row.count > limit };
}

/** Gives an attempt back (its check succeeded, so it was no guess). */
export async function releaseAttempt(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw`UPDATE "SignInThrottle" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key} AND "lockedAt" IS NULL`;
}

/** Clears a key (a full sign-in from that account succeeded, or an administrator unlocked it). */
export async function clearThrottle(tx: Tx, keys: string[]): Promise<void> {
  if (keys.length) await tx.signInThrottle.deleteMany({ where: { key: { in: keys } } });
}

/**
 * After a failed check: the reservation that reached the limit locks its key until now + LOCKOUT_MS.
 * Returns true when this failure locked it.
 */
export async function lockIfAtLimit(tx: Tx, reservation: Reservation, now: Date): Promise<boolean> {
  if (reservation.count !== reservation.limit) return false;
  const updated = await tx.$executeRaw`
    UPDATE "SignInThrottle" SET "lockedAt" = ${now}, "resetAt" = ${new Date(now.getTime() + LOCKOUT_MS)}, "count" = GREATEST("count", ${reservation.limit})
    WHERE "key" = ${reservation.key} AND "lockedAt" IS NULL`;
  return updated > 0;
}

export interface ActiveLock {
  key: string;
  kind: ThrottleKind;
  email: string | null;
  source: string | null;
  lockedAt: Date;
  until: Date;
}

export function describeKey(key: string): Pick<ActiveLock, "kind" | "email" | "source"> {
  if (key.startsWith("source:")) return { kind: "source", email: null, source: key.slice(7) };
  if (key.startsWith("account:")) return { kind: "account", email: key.slice(8), source: null };
  const rest = key.slice("account-source:".length);
  const bar = rest.lastIndexOf("|");
  return { kind: "accountSource", email: rest.slice(0, bar), source: rest.slice(bar + 1) };
}
