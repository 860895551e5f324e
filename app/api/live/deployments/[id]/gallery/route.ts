import { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import { db } from "@/lib/db/prisma";
import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { conflict, notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { galleryJson, galleryStream, wantsBinaryGallery } from "@/lib/live/serve-gallery";
import { readScopeGallery } from "@/lib/live/read-live-scope";

export const dynamic = "force-dynamic";

/**
 * The gallery of the scope in force (access-logged): the blue-list volunteers during the
 * self-test, the whole frozen snapshot when live, 409 when the deployment is stopped. Stations ask
 * for the binary stream (`Accept: application/vnd.vigil.gallery`): a header (counts, dim, encoding,
 * chunk count, root hash, scope) and the snapshot's chunks with their SHA-256s. Without it the
 * answer is JSON (small scopes only), carrying the scope (version, hash) too.
 */
export const GET = withRoute({ action: "live.read", params: z.object({ id: z.string().uuid() }) }, async ({ request, params, user, requestId }) => {
  await assertDeploymentAccess(user, params.id, { requestId });
  await closeExpiredDeployments();
  const found = await readScopeGallery(db(), params.id);
  if (!found) throw notFound("Deployment");
  const { scope, snapshot } = found;
  if (scope.phase === "stopped" || !snapshot?.info) {
    throw conflict(`${scope.stoppedReason ?? "The deployment is not running."} Its watchlist is only available while it runs.`, { scope });
  }
  const binary = wantsBinaryGallery(request.headers.get("accept"));
  await recordAccess({
    user,
    kind: "gallery",
    targetType: "watchlist_snapshot",
    targetId: snapshot.id,
    deploymentId: scope.deploymentId,
    details: { entries: snapshot.info.entryCount, kind: scope.gallery.kind, scopeVersion: scope.version, format: binary ? "binary" : "json" },
    requestId,
  });
  return binary ? galleryStream(db(), scope, snapshot) : galleryJson(db(), scope, snapshot);
});
