import { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import { db } from "@/lib/db/prisma";
import { assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { readSnapshotPayload } from "@/lib/deployments/freeze-snapshot";
import { conflict, notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";

/** The frozen watchlist a camera station matches against (access-logged). */
export const GET = withRoute({ action: "live.read", params: z.object({ id: z.string().uuid() }) }, async ({ params, user, requestId }) => {
  await assertDeploymentAccess(user, params.id, { requestId });
  const d = await db().deployment.findUnique({ where: { id: params.id }, include: { snapshots: { where: { destroyedAt: null }, orderBy: { createdAt: "desc" }, take: 1 } } });
  if (!d) throw notFound("Deployment");
  if (d.status !== "LIVE" && d.status !== "AUTHORISED") throw conflict(`The deployment is ${d.status.toLowerCase()}; its watchlist is only available while it runs.`);
  const snapshot = d.snapshots[0];
  if (!snapshot?.payload) throw conflict("The deployment has no watchlist snapshot.");
  const payload = readSnapshotPayload(snapshot.payload);
  // Before go-live (self-test), only blue-list volunteers are searched for.
  const entries = d.status === "LIVE" ? payload.entries : payload.entries.filter((e) => e.isTestSubject);
  await recordAccess({ user, kind: "gallery", targetType: "watchlist_snapshot", targetId: snapshot.id, deploymentId: d.id, details: { entries: entries.length }, requestId });
  return {
    deploymentId: d.id,
    snapshotId: snapshot.id,
    contentHash: snapshot.contentHash,
    modelId: payload.modelId,
    modelVersion: payload.modelVersion,
    threshold: d.threshold,
    dim: payload.dim,
    entries: entries.map((e) => ({ id: e.id, subjectReference: e.subjectReference, isTestSubject: e.isTestSubject, embeddings: e.embeddings })),
  };
});
