import "server-only";
import { db } from "@/lib/db/prisma";
import { PENDING_FOR_MS } from "./sdp-schema";

/** Offers for this camera that no station has answered yet and that are still fresh (oldest first). */
export async function listPendingOffers(cameraId: string, now = new Date()) {
  const rows = await db().rtcSession.findMany({
    where: { cameraId, answerSdp: null, closedAt: null, createdAt: { gt: new Date(now.getTime() - PENDING_FOR_MS) } },
    orderBy: { createdAt: "asc" },
    select: { id: true, offerSdp: true, createdAt: true },
    take: 10,
  });
  return rows.map((r) => ({ id: r.id, sdp: r.offerSdp, createdAt: r.createdAt.toISOString() }));
}
