import "server-only";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/canonical";
import { readSnapshotPayload, type SnapshotEntry } from "@/lib/deployments/freeze-snapshot";
import type { Db, Tx } from "@/lib/db/prisma";
import type { LiveScope } from "./live-schemas";

export interface ScopeGallery {
  scope: LiveScope;
  /** The entries a station must search now (empty when stopped, or when not asked for). */
  entries: SnapshotEntry[];
  snapshot: { id: string; contentHash: string; dim: number; modelId: string; modelVersion: string } | null;
}

/**
 * What the server says is in force for a deployment now (the search scope), with the gallery
 * entries of that scope: the blue-list volunteers of the frozen snapshot during the self-test
 * (AUTHORISED), the whole snapshot while LIVE inside its window, nothing otherwise (phase
 * "stopped", with the reason). Reads inside the caller's transaction when given one, so a
 * `deployment.changed` event carries exactly the scope its transaction commits.
 */
export async function readScopeGallery(client: Tx | Db, deploymentId: string, now = new Date(), opts: { withEntries?: boolean } = { withEntries: true }): Promise<ScopeGallery | null> {
  const d = await client.deployment.findUnique({
    where: { id: deploymentId },
    include: { snapshots: { where: { destroyedAt: null }, orderBy: { createdAt: "desc" }, take: 1 } },
  });
  if (!d) return null;
  const snapshotRow = d.snapshots[0]?.payload ? d.snapshots[0] : null;
  let stoppedReason: string | null = null;
  let phase: LiveScope["phase"] = "stopped";
  if (d.status === "LIVE" || d.status === "AUTHORISED") {
    if (now > d.plannedEnd) stoppedReason = `The authorised window ended at ${d.plannedEnd.toISOString()}.`;
    else if (!snapshotRow) stoppedReason = "The deployment has no watchlist snapshot.";
    else phase = d.status === "LIVE" ? "live" : "self-test";
  } else if (d.status === "CLOSED") {
    stoppedReason =
      d.closedAt && d.closedAt >= d.plannedEnd
        ? `The authorised window ended at ${d.plannedEnd.toISOString()}; the deployment is closed.`
        : `The deployment was closed${d.closedAt ? ` at ${d.closedAt.toISOString()}` : ""}.`;
  } else if (d.status === "CANCELLED") {
    stoppedReason = `The deployment was cancelled${d.cancellationReason ? `: ${d.cancellationReason}` : "."}`;
  } else {
    stoppedReason = `The deployment is ${d.status.toLowerCase()}: it is not authorised to run.`;
  }
  let entries: SnapshotEntry[] = [];
  let size = 0;
  let hash: string | null = null;
  let dim = 0;
  if (phase === "live" && snapshotRow && !opts.withEntries) {
    // The whole snapshot: its recorded size and hash; no need to unpack it.
    size = snapshotRow.entryCount;
    hash = snapshotRow.contentHash;
  } else if (phase !== "stopped" && snapshotRow?.payload) {
    const payload = readSnapshotPayload(snapshotRow.payload);
    dim = payload.dim;
    if (phase === "live") {
      entries = payload.entries;
      hash = snapshotRow.contentHash;
    } else {
      entries = payload.entries.filter((e) => e.isTestSubject);
      hash = createHash("sha256").update(canonicalJson({ ...payload, entries }), "utf8").digest("hex");
    }
    size = entries.length;
  }
  const scope: LiveScope = {
    deploymentId: d.id,
    reference: d.reference,
    status: d.status,
    phase,
    stoppedReason,
    threshold: d.threshold,
    gallery: {
      kind: phase === "live" ? "full" : phase === "self-test" ? "blue-list" : "none",
      size,
      hash,
      snapshotId: phase === "stopped" ? null : (snapshotRow?.id ?? null),
    },
    windowStart: d.plannedStart.toISOString(),
    windowEnd: d.plannedEnd.toISOString(),
    modelId: d.modelId,
    modelVersion: d.modelVersion,
    selfTestPassedAt: d.selfTestPassedAt?.toISOString() ?? null,
    version: d.scopeVersion,
  };
  const snapshot = snapshotRow && phase !== "stopped"
    ? { id: snapshotRow.id, contentHash: snapshotRow.contentHash, dim, modelId: snapshotRow.modelId, modelVersion: snapshotRow.modelVersion }
    : null;
  return { scope, entries, snapshot };
}

/** The scope in force (see readScopeGallery), or null when there is no such deployment. */
export async function readLiveScope(client: Tx | Db, deploymentId: string, now = new Date()): Promise<LiveScope | null> {
  return (await readScopeGallery(client, deploymentId, now, { withEntries: false }))?.scope ?? null;
}
