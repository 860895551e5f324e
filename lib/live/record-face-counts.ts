import "server-only";
import { z } from "zod";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { badRequest, conflict, notFound } from "@/lib/http/api-error";
import { implausibleCaptureTime, MAX_FACES_PER_CAMERA_MINUTE } from "./capture-bounds";
import { publishLiveEvent } from "./publish-live-event";

export const faceCountsSchema = z.object({
  deploymentId: z.string().uuid(),
  cameraId: z.string().uuid(),
  counts: z
    .array(
      z.object({
        minute: z
          .string()
          .datetime({ offset: true })
          .superRefine((v, ctx) => {
            const reason = implausibleCaptureTime(new Date(v));
            if (reason) ctx.addIssue({ code: "custom", message: reason });
          }),
        faces: z.number().int().min(0).max(MAX_FACES_PER_CAMERA_MINUTE, `at most ${MAX_FACES_PER_CAMERA_MINUTE} faces per camera per minute`),
      }),
    )
    .min(1)
    .max(60),
  /** The station's own figures (optional): recognised frames per second and the model's back end. */
  station: z.object({ fps: z.number().finite().min(0).max(240), backend: z.enum(["wasm", "webgpu", "webgl", "cpu"]) }).optional(),
  /** The LiveScope version the station was searching under (optional for older stations). */
  scopeVersion: z.number().int().min(0).max(1_000_000_000).optional(),
});

/**
 * Adds faces-processed counts per camera per minute: the only trace a non-matching face
 * leaves. Counts are summed, so a station may report a minute in several parts. Counts are
 * statistics, not personal data, so they are not written one by one to the audit trail.
 */
export async function recordFaceCounts(input: z.infer<typeof faceCountsSchema>) {
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
    for (const [i, c] of input.counts.entries()) {
      const minute = new Date(c.minute);
      minute.setUTCSeconds(0, 0);
      total += c.faces;
      // A minute reported in several parts may not add up past what one camera can see in a minute;
      // the whole request then rolls back.
      const [row] = await tx.$queryRaw<{ faces: bigint }[]>`
        INSERT INTO "FaceCount" ("cameraId", "deploymentId", minute, faces)
        VALUES (${input.cameraId}::uuid, ${input.deploymentId}::uuid, ${minute}, ${BigInt(c.faces)})
        ON CONFLICT ("cameraId", minute) DO UPDATE SET faces = "FaceCount".faces + EXCLUDED.faces
        RETURNING faces`;
      if (BigInt(row.faces) > BigInt(MAX_FACES_PER_CAMERA_MINUTE)) {
        throw badRequest(
          `counts.${i}.faces: this camera would have seen more than ${MAX_FACES_PER_CAMERA_MINUTE} faces in the minute ${minute.toISOString()}.`,
          [{ path: `counts.${i}.faces`, message: `at most ${MAX_FACES_PER_CAMERA_MINUTE} faces per camera per minute` }],
        );
      }
    }
    const [sum] = await tx.$queryRaw<{ total: bigint | null }[]>`
      SELECT COALESCE(SUM(faces), 0)::bigint AS total FROM "FaceCount" WHERE "deploymentId" = ${input.deploymentId}::uuid`;
    const facesProcessed = Number(sum?.total ?? 0);
    await publishLiveEvent(tx, {
      type: "counts",
      deploymentId: input.deploymentId,
      payload: { deploymentId: input.deploymentId, cameraId: input.cameraId, facesProcessed, scopeVersion: input.scopeVersion ?? null },
    });
    return { added: total, facesProcessed };
  }, TX_OPTIONS);
}
