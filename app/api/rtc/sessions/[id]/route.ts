import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { answerOffer, readAnswer, sdpSchema } from "@/lib/rtc/signalling";

const params = z.object({ id: z.string().uuid() });

export const GET = withRoute({ action: "live.read", params }, async ({ params, user }) => readAnswer(params.id, user));

export const PATCH = withRoute({ action: "live.publish", params, body: sdpSchema, maxBodyBytes: 70_000 }, async ({ params, body }) => answerOffer(params.id, body.sdp));
