import "server-only";
import { describeSnapshotPart, SNAPSHOT_ROW_SELECT, type SnapshotPart, type SnapshotPartInfo, type SnapshotRow } from "@/lib/deployments/read-snapshot-chunks";
import type { Db, Tx } from "@/lib/db/prisma";
import type { LiveScope } from "./live-schemas";

export interface ScopeGallery {
  scope: LiveScope;
  /** The snapshot part a station must search now (null when stopped): its chunks are described, not read, when asked for. */
  snapshot: {
    id: string;
    contentHash: string;
    dim: number;
    modelId: string;
    modelVersion: string;
    part: SnapshotPart;
    row: SnapshotRow;
    info: SnapshotPartInfo | null;
  } | null;
}

/**
 * What the server says is in force for a deployment now (the search scope), with the gallery
 * entries of that scope: the blue-list volunteers of the frozen snapshot during the self-test
 * (AUTHORISED), the whole snapshot while LIVE inside its window, nothing otherwise (phase
 * "stopped", with the reason). Reads inside the caller's transaction when given one, so a
 * `deployment.changed` event carries exactly the scope its transaction commits.
 */
export async function readScopeGallery(
  client: Tx | Db,
  deploymentId: string,
  now = new Date(),
  opts: { withEntries?: boolean } = { withEntries: true },
): Promise<ScopeGallery | null> {
  const d = await client.deployment.findUnique({
    where: { id: deploymentId },
    include: {
      snapshots: {
        where: { destroyedAt: null },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { ...SNAPSHOT_ROW_SELECT, modelId: true, modelVersion: true },
      },
    },
  });
  if (!d) return null;
  const latest = d.snapshots[0];
  const snapshotRow = latest && (latest.format >= 2 || latest.payload) ? latest : null;
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
  let size = 0;
  let hash: string | null = null;
  let info: SnapshotPartInfo | null = null;
  const part: SnapshotPart = phase === "live" ? "full" : "blue";
  if (phase !== "stopped" && snapshotRow) {
    if (snapshotRow.format >= 2 && !opts.withEntries) {
      // Recorded at freeze: no need to read a chunk.
      size = part === "full" ? snapshotRow.entryCount : snapshotRow.blueListCount;
      hash = part === "full" ? snapshotRow.contentHash : snapshotRow.blueListHash;
    } else {
      info = await describeSnapshotPart(client, snapshotRow, part);
      size = info.entryCount;
      hash = info.hash;
    }
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
  const snapshot =
    snapshotRow && phase !== "stopped"
      ? {
          id: snapshotRow.id,
          contentHash: part === "full" && hash ? hash : snapshotRow.contentHash,
          dim: info?.dim ?? snapshotRow.dim ?? 0,
          modelId: snapshotRow.modelId,
          modelVersion: snapshotRow.modelVersion,
          part,
          row: snapshotRow,
          info,
        }
      : null;
  return { scope, snapshot };
}

/** The scope in force (see readScopeGallery), or null when there is no such deployment. */
export async function readLiveScope(client: Tx | Db, deploymentId: string, now = new Date()): Promise<LiveScope | null> {
  return (await readScopeGallery(client, deploymentId, now, { withEntries: false }))?.scope ?? null;
}
