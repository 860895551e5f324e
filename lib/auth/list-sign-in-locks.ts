import "server-only";
import { db } from "@/lib/db/prisma";
import { describeKey, type ActiveLock } from "./sign-in-throttle";

/** Locks in force now (by account, by account from one source, by source), newest first. */
export async function listSignInLocks(now = new Date()): Promise<ActiveLock[]> {
  const rows = await db().signInThrottle.findMany({
    where: { lockedAt: { not: null }, resetAt: { gt: now } },
    orderBy: { lockedAt: "desc" },
    take: 200,
  });
  return rows.map((r) => ({ key: r.key, ...describeKey(r.key), lockedAt: r.lockedAt!, until: r.resetAt }));
}
