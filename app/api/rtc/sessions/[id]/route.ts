import { z } from "zod";
import { assertRtcSessionAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { answerOffer } from "@/lib/rtc/answer-offer";
import { closeSession } from "@/lib/rtc/close-session";
import { readAnswer } from "@/lib/rtc/read-answer";
import { sdpSchema } from "@/lib/rtc/sdp-schema";

const params = z.object({ id: z.string().uuid() });

/** The viewer's poll for the station's answer. */
export const GET = withRoute({ action: "live.read", params }, async ({ params, user, requestId }) => {
  await assertRtcSessionAccess(user, params.id, { requestId });
  return readAnswer(params.id, user);
});

/** The camera station's answer. */
export const PATCH = withRoute({ action: "live.publish", params, body: sdpSchema, maxBodyBytes: 70_000 }, async ({ params, body, user, requestId }) => {
  await assertRtcSessionAccess(user, params.id, { requestId });
  return answerOffer(params.id, body.sdp);
});

/** The viewer hangs up or gives up waiting. */
export const DELETE = withRoute({ action: "live.read", params }, async ({ params, user, requestId }) => {
  await assertRtcSessionAccess(user, params.id, { requestId });
  return closeSession(params.id, user);
});
