import "server-only";
import { z, type ZodType } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { STEP_PERMISSIONS } from "./deployment-steps";
import type { DeploymentStepResponse } from "./deployment-schemas";
import { transitionDeployment, type SimpleTransition, type TransitionInput } from "./transition-deployment";

const params = z.object({ id: z.string().uuid() });

/** The route handler for one lifecycle step: the permission the step table gives it, its own body schema. */
export function transitionRoute(transition: SimpleTransition, body?: ZodType<TransitionInput>) {
  return withRoute({ action: STEP_PERMISSIONS[transition], params, body: body ?? z.object({}).strict() }, async ({ params, body, user, requestId }) => {
    const d = await transitionDeployment(params.id, transition, body ?? {}, user, requestId);
    return { deployment: { id: d.id, status: d.status, version: d.version, threshold: d.threshold } } satisfies DeploymentStepResponse;
  });
}
