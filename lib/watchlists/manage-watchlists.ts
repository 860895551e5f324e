import "server-only";
import type { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, forbidden, notFound } from "@/lib/http/api-error";
import type { createEntrySchema, createWatchlistSchema } from "./watchlist-schemas";

export async function listWatchlists() {
  const rows = await db().watchlist.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { entries: true, deployments: true } } },
  });
  return rows.map((w) => ({ id: w.id, name: w.name, description: w.description, entries: w._count.entries, deployments: w._count.deployments, createdAt: w.createdAt.toISOString() }));
}

export async function createWatchlist(input: z.infer<typeof createWatchlistSchema>, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    if (await tx.watchlist.findUnique({ where: { name: input.name } })) throw conflict(`A watchlist called "${input.name}" already exists.`);
    const w = await tx.watchlist.create({ data: { ...input, createdById: user.id } });
    await recordAuditEvent(tx, { actor: user, action: "watchlist.create", targetType: "watchlist", targetId: w.id, details: { name: w.name }, requestId });
    return w;
  }, TX_OPTIONS);
}

/** Entries with their provenance (no images: those are served by an access-logged route). */
export async function listEntries(watchlistId: string, user: CurrentUser, requestId: string) {
  const watchlist = await db().watchlist.findUnique({ where: { id: watchlistId } });
  if (!watchlist) throw notFound("Watchlist");
  const entries = await db().watchlistEntry.findMany({
    where: { watchlistId },
    orderBy: { subjectReference: "asc" },
    include: { images: { select: { id: true, detectorScore: true, possibleDuplicateOf: true, createdAt: true } } },
    take: 1000,
  });
  await recordAccess({ user, kind: "watchlist.entry", targetType: "watchlist", targetId: watchlistId, details: { entries: entries.length }, requestId });
  return { watchlist: { id: watchlist.id, name: watchlist.name, description: watchlist.description }, entries };
}

export async function createEntry(watchlistId: string, input: z.infer<typeof createEntrySchema>, user: CurrentUser, requestId: string) {
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt.getTime() <= Date.now()) throw conflict("The expiry must be in the future.");
  return db().$transaction(async (tx) => {
    const watchlist = await tx.watchlist.findUnique({ where: { id: watchlistId } });
    if (!watchlist) throw notFound("Watchlist");
    if (await tx.watchlistEntry.findUnique({ where: { watchlistId_subjectReference: { watchlistId, subjectReference: input.subjectReference } } })) {
      throw conflict(`Subject ${input.subjectReference} is already on this watchlist.`);
    }
    const entry = await tx.watchlistEntry.create({
      data: { ...input, watchlistId, expiresAt, imageTakenAt: input.imageTakenAt ? new Date(input.imageTakenAt) : null, addedById: user.id },
    });
    await recordAuditEvent(tx, {
      actor: user,
      action: "watchlist.add_entry",
      targetType: "watchlist_entry",
      targetId: entry.id,
      details: { watchlist: watchlistId, subjectReference: entry.subjectReference, reason: entry.reasonCategory, legalBasis: entry.legalBasis, isTestSubject: entry.isTestSubject },
      requestId,
    });
    return entry;
  }, TX_OPTIONS);
}

/** An authorising officer, who did not add the entry, reviews it. */
export async function reviewEntry(entryId: string, note: string | undefined, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    const entry = await tx.watchlistEntry.findUnique({ where: { id: entryId } });
    if (!entry) throw notFound("Watchlist entry");
    if (entry.addedById === user.id) throw forbidden("The officer who added an entry cannot review it.");
    const updated = await tx.watchlistEntry.update({ where: { id: entryId }, data: { reviewedById: user.id, reviewedAt: new Date() } });
    await recordAuditEvent(tx, { actor: user, action: "watchlist.review_entry", targetType: "watchlist_entry", targetId: entryId, details: { note }, requestId });
    return updated;
  }, TX_OPTIONS);
}

export async function readEntryImage(entryId: string, user: CurrentUser, requestId: string) {
  const image = await db().watchlistImage.findFirst({ where: { entryId }, orderBy: { createdAt: "asc" }, select: { faceJpeg: true } });
  if (!image) throw notFound("Watchlist image");
  await recordAccess({ user, kind: "watchlist.image", targetType: "watchlist_entry", targetId: entryId, requestId });
  return image.faceJpeg;
}
