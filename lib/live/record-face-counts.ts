import "server-only";
import { z } from "zod";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";
import { publishLiveEvent } from "./publish-live-event";

export const faceCountsSchema = z.object({
  deploymentId: z.string().uuid(),
  cameraId: z.string().uuid(),
  counts: z
    .array(z.object({ minute: z.string().datetime({ offset: true }), faces: z.number().int().min(0).max(1_000_000) }))
    .min(1)
    .max(60),
  /** The LiveScope version the station was searching under (optional for older stations). */
  scopeVersion: z.number().int().min(0).max(1_000_000_000).optional(),
});

/**
 * Adds faces-processed counts per camera per minute: the only trace a non-matching face
 * leaves. Counts are summed, so a station may report a minute in several parts. Counts are
 * statistics, not personal data, so they are not written one by one to the audit trail.
 */
export async function recordFaceCounts(input: z.infer<typeof faceCountsSchema>, _user: CurrentUser) {
  return db().$transaction(async (tx) => {
    const camera = await tx.camera.findFirst({
      where: { id: input.cameraId, deploymentId: input.deploymentId },
      include: { deployment: { select: { status: true } } },
    });
    if (!camera) throw notFound("Camera of this deployment");
    if (camera.deployment.status !== "LIVE" && camera.deployment.status !== "AUTHORISED") {
      throw conflict(`The deployment is ${camera.deployment.status.toLowerCase()}; counts are accepted only while it runs.`);
    }
    let total = 0;
    for (const c of input.counts) {
      const minute = new Date(c.minute);
      minute.setUTCSeconds(0, 0);
      total += c.faces;
      await tx.$executeRaw`
        INSERT INTO "FaceCount" ("cameraId", "deploymentId", minute, faces)
        VALUES (${input.cameraId}::uuid, ${input.deploymentId}::uuid, ${minute}, ${c.faces})
        ON CONFLICT ("cameraId", minute) DO UPDATE SET faces = "FaceCount".faces + EXCLUDED.faces`;
    }
    const [sum] = await tx.$queryRaw<{ total: bigint | null }[]>`
      SELECT SUM(faces)::bigint AS total FROM "FaceCount" WHERE "deploymentId" = ${input.deploymentId}::uuid`;
    const facesProcessed = Number(sum?.total ?? 0);
    await publishLiveEvent(tx, {
      type: "counts",
      deploymentId: input.deploymentId,
      payload: { deploymentId: input.deploymentId, cameraId: input.cameraId, facesProcessed },
    });
    return { added: total, facesProcessed };
  }, TX_OPTIONS);
}
