import { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import { db } from "@/lib/db/prisma";
import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { conflict, notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import type { GalleryResponse } from "@/lib/live/live-schemas";
import { readScopeGallery } from "@/lib/live/read-live-scope";

export const dynamic = "force-dynamic";

/**
 * The gallery of the scope in force (access-logged): the blue-list volunteers during the
 * self-test, the whole frozen snapshot when live, 409 when the deployment is stopped. The answer
 * carries the scope (version, hash), so a station knows which scope the entries belong to.
 */
export const GET = withRoute({ action: "live.read", params: z.object({ id: z.string().uuid() }) }, async ({ params, user, requestId }) => {
  await assertDeploymentAccess(user, params.id, { requestId });
  await closeExpiredDeployments();
  const found = await readScopeGallery(db(), params.id);
  if (!found) throw notFound("Deployment");
  const { scope, entries, snapshot } = found;
  if (scope.phase === "stopped" || !snapshot) {
    throw conflict(`${scope.stoppedReason ?? "The deployment is not running."} Its watchlist is only available while it runs.`, { scope });
  }
  await recordAccess({ user, kind: "gallery", targetType: "watchlist_snapshot", targetId: snapshot.id, deploymentId: scope.deploymentId, details: { entries: entries.length, kind: scope.gallery.kind, scopeVersion: scope.version }, requestId });
  const body: GalleryResponse = {
    deploymentId: scope.deploymentId,
    snapshotId: snapshot.id,
    contentHash: snapshot.contentHash,
    modelId: snapshot.modelId,
    modelVersion: snapshot.modelVersion,
    threshold: scope.threshold,
    dim: snapshot.dim,
    scope,
    entries: entries.map((e) => ({ id: e.id, subjectReference: e.subjectReference, isTestSubject: e.isTestSubject, embeddings: e.embeddings })),
  };
  return body;
});
