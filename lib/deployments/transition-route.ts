import "server-only";
import { z, type ZodType } from "zod";
import type { Action } from "@/lib/auth/permissions";
import { withRoute } from "@/lib/http/with-route";
import { transitionDeployment, type SimpleTransition, type TransitionInput } from "./transition-deployment";

const params = z.object({ id: z.string().uuid() });

/** The route handler for one lifecycle step: its own permission, its own body schema. */
export function transitionRoute(transition: SimpleTransition, action: Action, body?: ZodType<TransitionInput>) {
  return withRoute({ action, params, body: body ?? z.object({}).strict() }, async ({ params, body, user, requestId }) => {
    const d = await transitionDeployment(params.id, transition, body ?? {}, user, requestId);
    return { deployment: { id: d.id, status: d.status, version: d.version, threshold: d.threshold } };
  });
}
