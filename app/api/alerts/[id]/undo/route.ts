import { z } from "zod";
import { undoDecision } from "@/lib/alerts/undo-decision";
import { withRoute } from "@/lib/http/with-route";
import { undoRequestSchema } from "@/lib/live/live-schemas";

/** Undoes the caller's latest decision on an alert within UNDO_SECONDS (409 after, with why). */
export const POST = withRoute(
  { action: "alerts.adjudicate", params: z.object({ id: z.string().uuid() }), body: undoRequestSchema },
  async ({ params, user, requestId }) => ({ alert: await undoDecision(params.id, user, requestId) }),
);
