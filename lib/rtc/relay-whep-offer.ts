import "server-only";
import { requestLogger } from "@/lib/observability/logger";
import { recordAccess } from "@/lib/audit/record-access";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { ApiError, conflict, notFound } from "@/lib/http/api-error";
import { isAllowedWhepUrl } from "./whep-origin";

const GATEWAY_TIMEOUT_MS = 8000;
const MAX_ANSWER_BYTES = 60_000;

const badGateway = (message: string) => new ApiError(502, "bad_gateway", message);

/**
 * WHEP (RFC 9725) for a camera behind a media gateway such as MediaMTX: the browser's SDP offer is
 * relayed to the camera's WHEP URL, which answers with its SDP; media then flows directly between
 * the gateway and the browser. The URL comes from the authorised deployment record, never from the
 * caller, and relaying here keeps the page's Content-Security-Policy at 'self'.
 */
export async function relayWhepOffer(cameraId: string, sdp: string, user: CurrentUser, requestId: string, fetchImpl: typeof fetch = fetch) {
  const camera = await db().camera.findUnique({ where: { id: cameraId }, include: { deployment: { select: { id: true, status: true } } } });
  if (!camera) throw notFound("Camera");
  if (camera.source !== "WHEP" || !camera.whepUrl) throw conflict("This camera is published by a camera station, not a WHEP gateway.");
  if (camera.deployment.status !== "LIVE" && camera.deployment.status !== "AUTHORISED") {
    throw conflict(`The camera's deployment is ${camera.deployment.status.toLowerCase()}; it streams only while the deployment runs.`);
  }
  // Checked again here: the record may predate a change to VIGIL_WHEP_ORIGINS.
  if (!isAllowedWhepUrl(camera.whepUrl)) throw conflict("This camera's WHEP URL is not on a configured media gateway (VIGIL_WHEP_ORIGINS).");
  let res: Response;
  try {
    res = await fetchImpl(camera.whepUrl, {
      method: "POST",
      headers: { "content-type": "application/sdp", accept: "application/sdp" },
      body: sdp,
      redirect: "error",
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
  } catch {
    throw badGateway("The camera's WHEP gateway could not be reached.");
  }
  if (res.status !== 201 && res.status !== 200) {
    // The gateway's own status stays in the server log: callers learn only that it said no.
    requestLogger(requestId).warn({ cameraId, status: res.status }, "WHEP gateway refused the offer");
    await res.body?.cancel().catch(() => {});
    throw badGateway("The camera's WHEP gateway did not accept the offer.");
  }
  const answer = await res.text();
  if (answer.length > MAX_ANSWER_BYTES || !answer.startsWith("v=0")) throw badGateway("The camera's WHEP gateway sent no usable SDP answer.");
  await recordAccess({
    user,
    kind: "gallery",
    targetType: "camera_stream",
    targetId: cameraId,
    deploymentId: camera.deployment.id,
    details: { whep: true },
    requestId,
  });
  return { answerSdp: answer };
}
