import "server-only";
import type { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";
import type { listEntriesQuery } from "./watchlist-schemas";

/**
 * A page of entries with their provenance: reason, legal basis, where and when the image came
 * from, who added and who reviewed each, expiry, possible duplicates. No image bytes (those come
 * from an access-logged route); the listing itself is access-logged too.
 */
export async function listEntries(watchlistId: string, query: z.infer<typeof listEntriesQuery>, user: CurrentUser, requestId: string, now = new Date()) {
  const watchlist = await db().watchlist.findUnique({ where: { id: watchlistId } });
  if (!watchlist) throw notFound("Watchlist");
  const where = { watchlistId, ...(query.q ? { subjectReference: { contains: query.q, mode: "insensitive" as const } } : {}) };
  const [total, entries] = await Promise.all([
    db().watchlistEntry.count({ where }),
    db().watchlistEntry.findMany({
      where,
      orderBy: [{ subjectReference: "asc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      include: { images: { select: { id: true, detectorScore: true, possibleDuplicateOf: true, createdAt: true }, orderBy: { createdAt: "asc" } } },
    }),
  ]);
  const userIds = [...new Set(entries.flatMap((e) => [e.addedById, e.reviewedById]).filter((x): x is string => !!x))];
  const dupIds = [...new Set(entries.flatMap((e) => e.images.flatMap((i) => i.possibleDuplicateOf)))];
  const [users, dups] = await Promise.all([
    db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    db().watchlistEntry.findMany({ where: { id: { in: dupIds } }, select: { id: true, subjectReference: true } }),
  ]);
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  const refOf = new Map(dups.map((d) => [d.id, d.subjectReference]));
  await recordAccess({
    user,
    kind: "watchlist.entry",
    targetType: "watchlist",
    targetId: watchlistId,
    details: { entries: entries.length, page: query.page },
    requestId,
  });
  return {
    watchlist: { id: watchlist.id, name: watchlist.name, description: watchlist.description },
    total,
    page: query.page,
    pageSize: query.pageSize,
    entries: entries.map((e) => ({
      ...e,
      addedByName: nameOf.get(e.addedById) ?? null,
      reviewedByName: e.reviewedById ? (nameOf.get(e.reviewedById) ?? null) : null,
      expired: e.expiresAt <= now,
      possibleDuplicates: [...new Set(e.images.flatMap((i) => i.possibleDuplicateOf))].map((id) => ({
        entryId: id,
        subjectReference: refOf.get(id) ?? "(removed)",
      })),
    })),
  };
}
