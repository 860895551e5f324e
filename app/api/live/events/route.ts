import { z } from "zod";
import { accessibleDeploymentIds, assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { openLiveStream } from "@/lib/live/open-live-stream";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  {
    action: "live.read",
    query: z.object({
      deploymentId: z.string().uuid().optional(),
      lastEventId: z
        .string()
        .regex(/^\d{1,18}$/)
        .optional(),
      /** "1": send what is pending and close (a one-shot poll, e.g. for health checks and tests). */
      once: z.enum(["0", "1"]).optional(),
    }),
  },
  async ({ request, query, user, requestId }) => {
    if (query.deploymentId) await assertDeploymentAccess(user, query.deploymentId, { requestId });
    const header = request.headers.get("last-event-id");
    const resumeFrom = header && /^\d{1,18}$/.test(header) ? BigInt(header) : query.lastEventId ? BigInt(query.lastEventId) : null;
    return openLiveStream({
      deploymentId: query.deploymentId ?? null,
      deploymentIds: await accessibleDeploymentIds(user),
      resumeFrom,
      signal: request.signal,
      once: query.once === "1",
    });
  },
);
