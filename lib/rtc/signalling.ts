import "server-only";
import { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { conflict, notFound } from "@/lib/http/api-error";

/**
 * WHIP-style signalling between two browsers through the app itself: a viewer posts an SDP offer
 * for a camera (ICE gathered, non-trickle); the camera station picks up pending offers and posts
 * its answer; the viewer reads the answer. No media ever passes through the server.
 */
export const sdpSchema = z.object({ sdp: z.string().min(20).max(60_000).startsWith("v=0") });

const PENDING_FOR_MS = 30_000;

export async function createViewerOffer(cameraId: string, sdp: string, user: CurrentUser, requestId: string) {
  const camera = await db().camera.findUnique({ where: { id: cameraId }, include: { deployment: { select: { id: true, status: true } } } });
  if (!camera) throw notFound("Camera");
  if (camera.deployment.status !== "LIVE" && camera.deployment.status !== "AUTHORISED") {
    throw conflict(`The camera's deployment is ${camera.deployment.status.toLowerCase()}; it streams only while the deployment runs.`);
  }
  const session = await db().rtcSession.create({ data: { cameraId, viewerUserId: user.id, offerSdp: sdp }, select: { id: true } });
  await recordAccess({ user, kind: "gallery", targetType: "camera_stream", targetId: cameraId, deploymentId: camera.deployment.id, details: { session: session.id }, requestId });
  return session;
}

export async function pendingOffers(cameraId: string) {
  const rows = await db().rtcSession.findMany({
    where: { cameraId, answerSdp: null, closedAt: null, createdAt: { gt: new Date(Date.now() - PENDING_FOR_MS) } },
    orderBy: { createdAt: "asc" },
    select: { id: true, offerSdp: true, createdAt: true },
    take: 10,
  });
  return rows.map((r) => ({ id: r.id, sdp: r.offerSdp, createdAt: r.createdAt.toISOString() }));
}

export async function answerOffer(sessionId: string, sdp: string) {
  const updated = await db().rtcSession.updateMany({ where: { id: sessionId, answerSdp: null, closedAt: null }, data: { answerSdp: sdp } });
  if (!updated.count) throw conflict("This offer was already answered or has closed.");
  return { ok: true };
}

export async function readAnswer(sessionId: string, user: CurrentUser) {
  const s = await db().rtcSession.findUnique({ where: { id: sessionId }, select: { answerSdp: true, viewerUserId: true, closedAt: true } });
  if (!s || s.viewerUserId !== user.id) throw notFound("Session");
  return { answerSdp: s.answerSdp, closed: !!s.closedAt };
}
