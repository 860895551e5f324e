import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

/**
 * Takes a person off a watchlist: the entry and its photos and embeddings are deleted (alerts keep
 * the subject reference only). Snapshots already frozen for authorised deployments are not
 * changed: those deployments must be edited and re-authorised to drop the person.
 */
export async function removeEntry(entryId: string, reason: string, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const entry = await tx.watchlistEntry.findUnique({ where: { id: entryId }, include: { _count: { select: { images: true } } } });
    if (!entry) throw notFound("Watchlist entry");
    await tx.watchlistEntry.delete({ where: { id: entryId } });
    await recordAuditEvent(tx, {
      actor: user,
      action: "watchlist.remove_entry",
      targetType: "watchlist_entry",
      targetId: entryId,
      details: { watchlist: entry.watchlistId, subjectReference: entry.subjectReference, images: entry._count.images, reason },
      requestId,
    });
    return { id: entryId, removed: true };
  }, TX_OPTIONS);
}
