import "server-only";
import { recordAccess } from "@/lib/audit/record-access";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";

/**
 * WHIP-style signalling between two browsers through the app itself: a viewer (the control room,
 * or a browser taking recognition over) posts an SDP offer for a camera, ICE gathered
 * (non-trickle); the camera station picks up pending offers and posts its answer; the viewer reads
 * the answer. No media passes through the server. Watching a camera is access-logged.
 */
export async function createViewerOffer(cameraId: string, sdp: string, user: CurrentUser, requestId: string) {
  const camera = await db().camera.findUnique({ where: { id: cameraId }, include: { deployment: { select: { id: true, status: true } } } });
  if (!camera) throw notFound("Camera");
  if (camera.deployment.status !== "LIVE" && camera.deployment.status !== "AUTHORISED") {
    throw conflict(`The camera's deployment is ${camera.deployment.status.toLowerCase()}; it streams only while the deployment runs.`);
  }
  const session = await db().rtcSession.create({ data: { cameraId, viewerUserId: user.id, offerSdp: sdp }, select: { id: true } });
  await recordAccess({
    user,
    kind: "gallery",
    targetType: "camera_stream",
    targetId: cameraId,
    deploymentId: camera.deployment.id,
    details: { session: session.id },
    requestId,
  });
  return session;
}
