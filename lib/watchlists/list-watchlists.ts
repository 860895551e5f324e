import "server-only";
import { db } from "@/lib/db/prisma";

/**
 * Watchlists with their sizes: all entries, and those a deployment authorised now would freeze
 * (unexpired, with at least one enrolled face): the N of the false-alert estimate.
 */
export async function listWatchlists(now = new Date()) {
  const rows = await db().watchlist.findMany({
    orderBy: { name: "asc" },
    take: 500,
    include: { _count: { select: { entries: true, deployments: true } } },
  });
  const active = await db().watchlistEntry.groupBy({
    by: ["watchlistId", "isTestSubject"],
    where: { watchlistId: { in: rows.map((w) => w.id) }, expiresAt: { gt: now }, images: { some: {} } },
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
    deployments: w._count.deployments,
    createdAt: w.createdAt.toISOString(),
  }));
}
