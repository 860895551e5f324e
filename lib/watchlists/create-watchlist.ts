import "server-only";
import type { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict } from "@/lib/http/api-error";
import type { createWatchlistSchema } from "./watchlist-schemas";

export async function createWatchlist(input: z.infer<typeof createWatchlistSchema>, user: CurrentUser, requestId: string) {
  return db().$transaction(async (tx) => {
    if (await tx.watchlist.findUnique({ where: { name: input.name } })) throw conflict(`A watchlist called "${input.name}" already exists.`);
    const w = await tx.watchlist.create({ data: { ...input, createdById: user.id } });
    await recordAuditEvent(tx, { actor: user, action: "watchlist.create", targetType: "watchlist", targetId: w.id, details: { name: w.name }, requestId });
    return w;
  }, TX_OPTIONS);
}
