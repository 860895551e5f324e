import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { publishDeploymentChanged } from "@/lib/live/publish-deployment-changed";
import { ApiError, notFound } from "@/lib/http/api-error";
import { applicationData, assertWindowInFuture } from "./create-deployment";
import type { DeploymentInput } from "./deployment-schemas";
import { discardSnapshots } from "./freeze-snapshot";
import { decide } from "./state-machine";

/**
 * Any change to the application returns it to draft with version + 1. After authorisation that
 * means it must be submitted and authorised again: the authorised version no longer matches, the
 * frozen watchlist is discarded, and signage and the self-test must be done again.
 */
export async function updateDeployment(id: string, input: DeploymentInput, user: CurrentUser, requestId: string, now = new Date()) {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Deployment" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Deployment");
    const d = await tx.deployment.findUniqueOrThrow({ where: { id } });
    const decision = decide("edit", d, user, now);
    if (!decision.ok) throw new ApiError(decision.status, decision.status === 403 ? "forbidden" : "conflict", decision.message, { status: d.status });
    assertWindowInFuture(input, now);
    const { data } = await applicationData(tx, input);
    await tx.deploymentWatchlist.deleteMany({ where: { deploymentId: id } });
    await tx.camera.deleteMany({ where: { deploymentId: id } });
    const discarded = await discardSnapshots(tx, id, now);
    const updated = await tx.deployment.update({
      where: { id },
      data: {
        ...data,
        status: "DRAFT",
        version: d.version + 1,
        submittedAt: null,
        signageConfirmedAt: null,
        signageConfirmedById: null,
        selfTestPassedAt: null,
      },
    });
    // An authorised deployment's frozen watchlist is gone: any open station must stop.
    if (d.status === "AUTHORISED") await publishDeploymentChanged(tx, id, "snapshot", now);
    await recordAuditEvent(tx, {
      actor: user,
      action: "deployment.edit",
      targetType: "deployment",
      targetId: id,
      deploymentId: id,
      details: {
        from: d.status,
        to: "DRAFT",
        version: updated.version,
        reauthorisationNeeded: d.status === "AUTHORISED",
        snapshotsDiscarded: discarded,
        threshold: updated.threshold,
      },
      requestId,
    });
    return updated;
  }, TX_OPTIONS);
}
