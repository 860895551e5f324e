import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { badRequest, conflict, notFound } from "@/lib/http/api-error";
import type { CreateEntryInput } from "./watchlist-schemas";

/** The expiry must lie in the future and the photo date must not. Throws a 400 naming the field. */
export function checkEntryDates(input: CreateEntryInput, now = new Date()) {
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt <= now) throw badRequest("expiresAt: the expiry must be in the future.", [{ path: "expiresAt", message: "must be in the future" }]);
  const imageTakenAt = input.imageTakenAt ? new Date(input.imageTakenAt) : null;
  if (imageTakenAt && imageTakenAt > now)
    throw badRequest("imageTakenAt: the photo cannot have been taken in the future.", [{ path: "imageTakenAt", message: "must not be in the future" }]);
  return { expiresAt, imageTakenAt };
}

/** Inside a transaction: the entry and its audit record (the caller has checked the reference is free). */
export async function insertEntryTx(tx: Tx, watchlistId: string, input: CreateEntryInput, user: CurrentUser, requestId: string, now = new Date()) {
  const { expiresAt, imageTakenAt } = checkEntryDates(input, now);
  const entry = await tx.watchlistEntry.create({
    data: { ...input, watchlistId, expiresAt, imageTakenAt, addedById: user.id },
  });
  await recordAuditEvent(tx, {
    actor: user,
    action: "watchlist.add_entry",
    targetType: "watchlist_entry",
    targetId: entry.id,
    details: {
      watchlist: watchlistId,
      subjectReference: entry.subjectReference,
      reason: entry.reasonCategory,
      legalBasis: entry.legalBasis,
      imageSource: entry.imageSource,
      expiresAt: entry.expiresAt.toISOString(),
      isTestSubject: entry.isTestSubject,
    },
    requestId,
  });
  return entry;
}

/** A person on a watchlist, with the provenance of the entry. Photos are enrolled separately. */
export async function createEntry(watchlistId: string, input: CreateEntryInput, user: CurrentUser, requestId: string, now = new Date()) {
  checkEntryDates(input, now);
  return db().$transaction(async (tx) => {
    const watchlist = await tx.watchlist.findUnique({ where: { id: watchlistId } });
    if (!watchlist) throw notFound("Watchlist");
    if (await tx.watchlistEntry.findUnique({ where: { watchlistId_subjectReference: { watchlistId, subjectReference: input.subjectReference } } })) {
      throw conflict(`Subject ${input.subjectReference} is already on this watchlist.`);
    }
    return insertEntryTx(tx, watchlistId, input, user, requestId, now);
  }, TX_OPTIONS);
}
