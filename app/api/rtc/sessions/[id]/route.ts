import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { answerOffer } from "@/lib/rtc/answer-offer";
import { closeSession } from "@/lib/rtc/close-session";
import { readAnswer } from "@/lib/rtc/read-answer";
import { sdpSchema } from "@/lib/rtc/sdp-schema";

const params = z.object({ id: z.string().uuid() });

/** The viewer's poll for the station's answer. */
export const GET = withRoute({ action: "live.read", params }, async ({ params, user }) => readAnswer(params.id, user));

/** The camera station's answer. */
export const PATCH = withRoute({ action: "live.publish", params, body: sdpSchema, maxBodyBytes: 70_000 }, async ({ params, body }) => answerOffer(params.id, body.sdp));

/** The viewer hangs up or gives up waiting. */
export const DELETE = withRoute({ action: "live.read", params }, async ({ params, user }) => closeSession(params.id, user));
