import "server-only";
import { recordAccess } from "@/lib/audit/record-access";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { notFound } from "@/lib/http/api-error";

/** An entry's enrolled face (the first, or the one asked for): every view is access-logged. */
export async function readEntryImage(entryId: string, imageId: string | undefined, user: CurrentUser, requestId: string) {
  const image = await db().watchlistImage.findFirst({
    where: { entryId, ...(imageId ? { id: imageId } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, faceJpeg: true, entry: { select: { watchlistId: true } } },
  });
  if (!image) throw notFound("Watchlist image");
  await recordAccess({
    user,
    kind: "watchlist.image",
    targetType: "watchlist_entry",
    targetId: entryId,
    details: { image: image.id, watchlist: image.entry.watchlistId },
    requestId,
  });
  return image.faceJpeg;
}
