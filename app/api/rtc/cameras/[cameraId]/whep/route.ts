import { z } from "zod";
import { assertCameraAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { relayWhepOffer } from "@/lib/rtc/relay-whep-offer";
import { sdpSchema } from "@/lib/rtc/sdp-schema";

const params = z.object({ cameraId: z.string().uuid() });

/** WHEP offer/answer with the camera's media gateway, relayed by the app. */
export const POST = withRoute({ action: "live.read", params, body: sdpSchema, maxBodyBytes: 70_000 }, async ({ params, body, user, requestId }) => {
  await assertCameraAccess(user, params.cameraId, { requestId });
  return relayWhepOffer(params.cameraId, body.sdp, user, requestId);
});
