import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, forbidden, notFound } from "@/lib/http/api-error";

/** An authorising officer, who did not add the entry, reviews it (once). */
export async function reviewEntry(entryId: string, note: string | undefined, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "WatchlistEntry" WHERE id = ${entryId}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Watchlist entry");
    const entry = await tx.watchlistEntry.findUniqueOrThrow({ where: { id: entryId } });
    if (entry.addedById === user.id) throw forbidden("The officer who added an entry cannot review it: another authorising officer must.");
    if (entry.reviewedAt) throw conflict(`This entry was already reviewed on ${entry.reviewedAt.toISOString()}.`);
    const updated = await tx.watchlistEntry.update({ where: { id: entryId }, data: { reviewedById: user.id, reviewedAt: new Date() } });
    await recordAuditEvent(tx, {
      actor: user,
      action: "watchlist.review_entry",
      targetType: "watchlist_entry",
      targetId: entryId,
      details: { subjectReference: entry.subjectReference, note },
      requestId,
    });
    return updated;
  }, TX_OPTIONS);
}
