import { z } from "zod";
import { assertCameraAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { createViewerOffer } from "@/lib/rtc/create-viewer-offer";
import { listPendingOffers } from "@/lib/rtc/list-pending-offers";
import { sdpSchema } from "@/lib/rtc/sdp-schema";

const params = z.object({ cameraId: z.string().uuid() });

/** A viewer's offer for this camera. */
export const POST = withRoute({ action: "live.read", params, body: sdpSchema, maxBodyBytes: 70_000 }, async ({ params, body, user, requestId }) => {
  await assertCameraAccess(user, params.cameraId, { requestId });
  return { session: await createViewerOffer(params.cameraId, body.sdp, user, requestId) };
});

/** The camera station's poll for offers it has not answered. */
export const GET = withRoute({ action: "live.publish", params }, async ({ params, user, requestId }) => {
  await assertCameraAccess(user, params.cameraId, { requestId });
  return { offers: await listPendingOffers(params.cameraId) };
});
