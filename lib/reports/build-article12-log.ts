import "server-only";
import { auditActionName, storedAuditActions, type AuditAction } from "@/lib/audit/audit-actions";
import { createHash } from "node:crypto";
import { signExportDocument, type ExportSignature } from "@/lib/audit/export-signature";
import { listPublicKeys, loadSigningKey } from "@/lib/audit/signing-key";
import { db } from "@/lib/db/prisma";

/** The lifecycle events that open and close a period of use (read under their current names). */
const LIFECYCLE_ACTIONS: AuditAction[] = ["deployment.go_live", "deployment.close", "deployment.auto_close", "deployment.cancel"];

/**
 * EU AI Act Article 12 (record-keeping) for remote biometric identification, per deployment:
 * (a) the period of each use, (b) the reference database the input was checked against (the frozen
 * snapshot's hash and size), (c) the input data for which the search led to a match (alert ids and
 * SHA-256 of each probe image; the image itself is never exported), and (d) who verified each result
 * (both people when two must confirm). Signed with Ed25519 like the audit export.
 */
export interface Article12Match {
  alertId: string;
  capturedAt: string;
  receivedAt: string;
  cameraId: string;
  watchlistEntryId: string | null;
  similarity: number;
  thresholdInForce: number;
  model: string;
  probeSha256: string | null;
  probeRemoved: boolean;
  sightings: number;
  isTest: boolean;
  status: string;
  outcome: string | null;
  verifiedBy: { name: string; email: string; decision: string; at: string }[];
}

export interface Article12Log {
  format: "vigil-article12-log/v1";
  generatedAt: string;
  deployment: { id: string; reference: string; name: string; status: string };
  periods: { start: string; end: string | null; how: string }[];
  referenceDatabase: { snapshotSha256: string | null; entries: number | null; frozenAt: string | null; destroyedAt: string | null; model: string };
  publicKeys: { keyId: string; algorithm: string; status: string; publicKeyPem: string }[];
  verify: string;
  matches: Article12Match[];
  signature?: ExportSignature;
}

export const ARTICLE12_CSV_HEADERS = [
  "alertId",
  "capturedAt",
  "receivedAt",
  "cameraId",
  "watchlistEntryId",
  "similarity",
  "thresholdInForce",
  "model",
  "probeSha256",
  "probeRemoved",
  "sightings",
  "isTest",
  "status",
  "outcome",
  "verifiedBy",
];

export async function buildArticle12Log(deploymentId: string, now = new Date()): Promise<Article12Log | null> {
  const d = await db().deployment.findUnique({ where: { id: deploymentId }, include: { snapshots: { orderBy: { createdAt: "desc" }, take: 1 } } });
  if (!d || d.status === "DRAFT") return null;
  const [alerts, lifecycle] = await Promise.all([
    db().alert.findMany({
      where: { deploymentId },
      orderBy: { capturedAt: "asc" },
      take: 50_000,
      include: { adjudications: { orderBy: { createdAt: "asc" }, select: { userId: true, decision: true, createdAt: true } } },
    }),
    db().auditEvent.findMany({
      where: { deploymentId, action: { in: LIFECYCLE_ACTIONS.flatMap(storedAuditActions) } },
      orderBy: [{ seq: "asc" }, { id: "asc" }],
      select: { action: true, occurredAt: true },
    }),
  ]);
  const userIds = [...new Set(alerts.flatMap((a) => a.adjudications.map((j) => j.userId)))];
  const users = await db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } });
  // Periods of use: each go-live until the next close, from the audit trail; the deployment's own times otherwise.
  const periods: Article12Log["periods"] = [];
  for (const e of lifecycle.map((row) => ({ ...row, action: auditActionName(row.action) }))) {
    if (e.action === "deployment.go_live") periods.push({ start: e.occurredAt.toISOString(), end: null, how: "went live" });
    else if (periods.length && periods[periods.length - 1].end === null)
      periods[periods.length - 1] = {
        ...periods[periods.length - 1],
        end: e.occurredAt.toISOString(),
        how: `went live; ${e.action.replace("deployment.", "").replace("_", " ")}`,
      };
  }
  if (!periods.length && d.liveAt)
    periods.push({ start: d.liveAt.toISOString(), end: (d.closedAt ?? d.cancelledAt)?.toISOString() ?? null, how: "deployment record" });
  const snapshot = d.snapshots[0] ?? null;
  const log: Article12Log = {
    format: "vigil-article12-log/v1",
    generatedAt: now.toISOString(),
    deployment: { id: d.id, reference: d.reference, name: d.name, status: d.status },
    periods,
    referenceDatabase: {
      snapshotSha256: snapshot?.contentHash ?? null,
      entries: snapshot?.entryCount ?? null,
      frozenAt: snapshot?.createdAt.toISOString() ?? null,
      destroyedAt: snapshot?.destroyedAt?.toISOString() ?? null,
      model: `${d.modelId} ${d.modelVersion}`,
    },
    publicKeys: listPublicKeys().map((k) => ({ keyId: k.keyId, algorithm: k.algorithm, status: k.status, publicKeyPem: k.publicKeyPem })),
    verify: "npm run audit:verify -- --file <this file> --public-key <key.pem from GET /api/audit/keys?format=pem>",
    matches: alerts.map((a) => ({
      alertId: a.id,
      capturedAt: a.capturedAt.toISOString(),
      receivedAt: a.receivedAt.toISOString(),
      cameraId: a.cameraId,
      watchlistEntryId: a.entryId,
      similarity: a.similarity,
      thresholdInForce: a.thresholdInForce,
      model: `${a.modelId} ${a.modelVersion}`,
      probeSha256: a.probeJpeg ? createHash("sha256").update(a.probeJpeg).digest("hex") : null,
      probeRemoved: a.probeJpeg === null,
      sightings: a.sightings,
      isTest: a.isTest,
      status: a.status,
      outcome: a.outcome,
      verifiedBy: a.adjudications
        .filter((j) => j.decision !== "OUTCOME")
        .map((j) => {
          const u = users.find((x) => x.id === j.userId);
          return { name: u?.name ?? "unknown user", email: u?.email ?? j.userId, decision: j.decision, at: j.createdAt.toISOString() };
        }),
    })),
  };
  return signExportDocument(log as unknown as Record<string, unknown>, "matches", loadSigningKey(), { perRecord: true }) as unknown as Article12Log;
}

export function article12CsvRows(log: Article12Log): (string | number | boolean | null)[][] {
  return log.matches.map((m) => [
    m.alertId,
    m.capturedAt,
    m.receivedAt,
    m.cameraId,
    m.watchlistEntryId,
    m.similarity,
    m.thresholdInForce,
    m.model,
    m.probeSha256,
    m.probeRemoved,
    m.sightings,
    m.isTest,
    m.status,
    m.outcome,
    m.verifiedBy.map((v) => `${v.decision} by ${v.name} <${v.email}> at ${v.at}`).join("; "),
  ]);
}
