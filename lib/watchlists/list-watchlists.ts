import "server-only";
import { db } from "@/lib/db/prisma";

/**
 * Watchlists with their sizes: all entries, those a deployment authorised now would freeze
 * (reviewed, unexpired, with at least one enrolled face: the N of the false-alert estimate), and
 * the unexpired entries still awaiting an authorising officer's review.
 */
export async function listWatchlists(now = new Date()) {
  const rows = await db().watchlist.findMany({
    orderBy: { name: "asc" },
    take: 500,
    include: { _count: { select: { entries: true, deployments: true } } },
  });
  const active = await db().watchlistEntry.groupBy({
    by: ["watchlistId", "isTestSubject"],
    where: { watchlistId: { in: rows.map((w) => w.id) }, expiresAt: { gt: now }, reviewedAt: { not: null }, images: { some: {} } },
    _count: { _all: true },
  });
  const unreviewed = await db().watchlistEntry.groupBy({
    by: ["watchlistId"],
    where: { watchlistId: { in: rows.map((w) => w.id) }, expiresAt: { gt: now }, reviewedAt: null },
    _count: { _all: true },
  });
  const count = (id: string, test: boolean) => active.find((a) => a.watchlistId === id && a.isTestSubject === test)?._count._all ?? 0;
  return rows.map((w) => ({
    id: w.id,
    name: w.name,
    description: w.description,
    entries: w._count.entries,
    enrolledActive: count(w.id, false) + count(w.id, true),
    testSubjects: count(w.id, true),
    awaitingReview: unreviewed.find((u) => u.watchlistId === w.id)?._count._all ?? 0,
    deployments: w._count.deployments,
    createdAt: w.createdAt.toISOString(),
  }));
}
