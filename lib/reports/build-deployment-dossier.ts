import "server-only";
import { signExportDocument, type ExportSignature } from "@/lib/audit/export-signature";
import { sequenceAuditEvents } from "@/lib/audit/sequence-audit-events";
import { loadSigningKey } from "@/lib/audit/signing-key";
import { sequencedRow } from "@/lib/audit/verify-chain";
import { writeCheckpoint } from "@/lib/audit/write-checkpoint";
import { db } from "@/lib/db/prisma";
import { env } from "@/lib/env";
import { IMPOSTOR_DISTRIBUTION, IMPOSTOR_TAIL } from "@/lib/planning/current-impostor-model";
import { evidenceIdentity, readEvidenceIdentity, type EvidenceIdentity } from "@/lib/planning/evidence-identity";
import { expectedFalseAlerts } from "@/lib/planning/expected-false-alerts";
import { buildDeploymentRecord, type DeploymentRecordRow } from "./deployment-record";

const LOCATION_TYPES: Record<string, string> = {
  CRIME_HOTSPOT: "Crime hotspot",
  EVENT: "Event",
  CRITICAL_INFRASTRUCTURE: "Critical infrastructure",
  PERSON_INTELLIGENCE: "Intelligence about a person's presence",
};

type Person = { name: string; role: string } | null;

export interface DeploymentDossier {
  format: "vigil-deployment-dossier/v1";
  generatedAt: string;
  timeZone: string;
  deployment: {
    id: string;
    reference: string;
    name: string;
    status: string;
    location: string;
    area: string | null;
    locationType: string;
    locationRationale: string;
    purpose: string;
    legalBasis: string;
    necessity: string;
    proportionality: string;
    watchlistCriteria: string;
    expectedFootfallPerHour: number | null;
    model: string;
    requireSecondConfirmation: boolean;
    adjudicationSlaMinutes: number;
    applicant: Person;
    submittedAt: string | null;
  };
  authorisation: {
    officer: Person;
    at: string | null;
    reasons: string | null;
    applicationVersion: number | null;
    applicationDigest: string | null;
    refusedAt: string | null;
    refusalReasons: string | null;
  };
  /** What the authoriser saw before signing: expected false alerts per hour and the assumptions behind it. */
  expectedFalseAlerts: {
    perHour: number;
    threshold: number;
    watchlistSize: number;
    footfallPerHour: number;
    basis: string;
    model: string;
    /** The stored model evidence the authorisation used, as recorded in its audit event (null: not recorded). */
    evidence: EvidenceIdentity | null;
    /** Whether that is still the model's evidence (null when none was recorded). */
    evidenceIsCurrent: boolean | null;
  } | null;
  window: {
    plannedStart: string;
    plannedEnd: string;
    liveAt: string | null;
    closedAt: string | null;
    cancelledAt: string | null;
    durationMinutes: number;
    closureReport: string | null;
    signageConfirmedAt: string | null;
    signageConfirmedBy: Person;
  };
  selfTest: { passed: boolean; at: string | null };
  initialThreshold: number;
  thresholdHistory: { at: string; from: number; to: number; reason: string; approvedBy: Person }[];
  watchlist: { size: number | null; snapshotHash: string | null; frozenAt: string | null; destroyedAt: string | null; watchlists: string[] };
  deletionReceipts: { at: string; kind: string; count: number; reason: string; periodStart: string | null; periodEnd: string | null }[];
  figures: Omit<DeploymentRecordRow, "deploymentId">;
  charts: {
    alertsPerHour: { hour: string; trueAlerts: number; falseAlerts: number }[];
  };
  audit: {
    events: number;
    lastEvent: { seq: string; hash: string; at: string } | null;
    checkpoint: { seq: string; hash: string; keyId: string; algorithm: string; signature: string; createdAt: string } | null;
  };
  verify: string;
  signature?: ExportSignature;
}

/**
 * Everything a lawyer needs about one deployment, in one signed document: the application and its
 * authorisation, the threshold history with approvers, the self-test, window, watchlist snapshot
 * and deletion receipts, the Met-style figures, hourly alerts, and the audit anchor (the last audit
 * event about this deployment and a signed checkpoint covering it; one is written when none does
 * yet). Signed with Ed25519 like the other exports. Null for an unknown deployment or a draft.
 */
export async function buildDeploymentDossier(deploymentId: string, now = new Date()): Promise<DeploymentDossier | null> {
  const d = await db().deployment.findUnique({
    where: { id: deploymentId },
    include: {
      zone: true,
      thresholdChanges: { orderBy: { createdAt: "asc" } },
      snapshots: { orderBy: { createdAt: "desc" }, take: 1 },
      watchlists: { include: { watchlist: { select: { name: true } } } },
    },
  });
  if (!d || d.status === "DRAFT") return null;
  const [row] = await buildDeploymentRecord({ deploymentId });
  const userIds = [d.applicantId, d.authorisingOfficerId, d.signageConfirmedById, ...d.thresholdChanges.map((t) => t.authorisedById)].filter(
    (x): x is string => !!x,
  );
  // The dossier cites the deployment's last chained event: records committed so far join the chain first.
  await sequenceAuditEvents();
  const [users, receipts, authorised, hourly, lastRow, eventCount] = await Promise.all([
    db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, role: true } }),
    db().deletionReceipt.findMany({ where: { deploymentId }, orderBy: { createdAt: "asc" }, take: 500 }),
    db().auditEvent.findFirst({
      where: { deploymentId, action: "deployment.authorise" },
      orderBy: [{ seq: "desc" }, { id: "desc" }],
      select: { details: true },
    }),
    db().$queryRaw<{ hour: Date; trueAlerts: number; falseAlerts: number }[]>`
      SELECT date_trunc('hour', "receivedAt") AS hour,
        count(*) FILTER (WHERE status = 'CONFIRMED' OR status = 'AWAITING_SECOND' OR (status = 'PENDING' AND outcome IS NOT NULL))::int AS "trueAlerts",
        count(*) FILTER (WHERE status = 'REJECTED' OR (status = 'PENDING' AND outcome IS NULL))::int AS "falseAlerts"
      FROM "Alert" WHERE "deploymentId" = ${deploymentId}::uuid AND NOT "isTest"
      GROUP BY 1 ORDER BY 1 LIMIT 200`,
    db().auditEvent.findFirst({
      where: { deploymentId, seq: { not: null } },
      orderBy: { seq: "desc" },
      select: { seq: true, hash: true, occurredAt: true, prevHash: true },
    }),
    db().auditEvent.count({ where: { deploymentId } }),
  ]);
  const lastEvent = lastRow ? sequencedRow(lastRow) : null;
  const person = (id: string | null): Person => {
    const u = id ? users.find((x) => x.id === id) : null;
    return u ? { name: u.name, role: u.role } : null;
  };
  let checkpoint = lastEvent
    ? await db().auditCheckpoint.findFirst({ where: { seq: { gte: lastEvent.seq } }, orderBy: [{ seq: "asc" }, { createdAt: "desc" }] })
    : null;
  if (lastEvent && !checkpoint) checkpoint = await writeCheckpoint(now);
  const iso = (x: Date | null | undefined) => (x ? x.toISOString() : null);
  const details = (authorised?.details ?? {}) as Record<string, unknown>;
  const snapshot = d.snapshots[0] ?? null;
  const recordedEvidence = readEvidenceIdentity(details.evidence);
  const authorisedSize = typeof details.watchlistSize === "number" ? details.watchlistSize : (snapshot?.entryCount ?? 0);
  const authorisedThreshold = typeof details.threshold === "number" ? details.threshold : (d.thresholdChanges[0]?.fromThreshold ?? d.threshold);
  const estimate =
    d.expectedFootfallPerHour !== null && d.authorisedAt
      ? expectedFalseAlerts(IMPOSTOR_TAIL, authorisedThreshold, authorisedSize, d.expectedFootfallPerHour)
      : null;
  const { deploymentId: _omit, ...figures } = row;
  void _omit;
  const dossier: DeploymentDossier = {
    format: "vigil-deployment-dossier/v1",
    generatedAt: now.toISOString(),
    timeZone: env().VIGIL_TIME_ZONE,
    deployment: {
      id: d.id,
      reference: d.reference,
      name: d.name,
      status: d.status,
      location: d.zone.name,
      area: d.zone.area,
      locationType: LOCATION_TYPES[d.locationType] ?? d.locationType,
      locationRationale: d.zone.rationale,
      purpose: d.purpose,
      legalBasis: d.legalBasis,
      necessity: d.necessity,
      proportionality: d.proportionality,
      watchlistCriteria: d.watchlistCriteria,
      expectedFootfallPerHour: d.expectedFootfallPerHour,
      model: `${d.modelId} ${d.modelVersion}`,
      requireSecondConfirmation: d.requireSecondConfirmation,
      adjudicationSlaMinutes: d.adjudicationSlaMinutes,
      applicant: person(d.applicantId),
      submittedAt: iso(d.submittedAt),
    },
    authorisation: {
      officer: person(d.authorisingOfficerId),
      at: iso(d.authorisedAt),
      reasons: d.authorisationReasons,
      applicationVersion: d.authorisedVersion,
      applicationDigest: typeof details.applicationDigest === "string" ? details.applicationDigest : null,
      refusedAt: iso(d.refusedAt),
      refusalReasons: d.refusalReasons,
    },
    expectedFalseAlerts: estimate
      ? {
          perHour: typeof details.expectedFalseAlertsPerHour === "number" ? details.expectedFalseAlertsPerHour : Math.round(estimate.perHour * 1000) / 1000,
          threshold: authorisedThreshold,
          watchlistSize: authorisedSize,
          footfallPerHour: estimate.footfallPerHour,
          basis:
            estimate.source === "empirical"
              ? `measured: ${estimate.exceedances} of ${estimate.sampleSize} impostor comparisons scored at or above the threshold`
              : `extrapolated from a tail fitted to ${estimate.sampleSize} measured impostor comparisons (${estimate.exceedances} reach the threshold)`,
          model: `impostor scores of model ${IMPOSTOR_DISTRIBUTION.modelVersion}; footfall × P(a face falsely matches one of the watchlist entries)`,
          evidence: recordedEvidence,
          evidenceIsCurrent: recordedEvidence ? recordedEvidence.sha256 === evidenceIdentity().sha256 : null,
        }
      : null,
    window: {
      plannedStart: d.plannedStart.toISOString(),
      plannedEnd: d.plannedEnd.toISOString(),
      liveAt: iso(d.liveAt),
      closedAt: iso(d.closedAt),
      cancelledAt: iso(d.cancelledAt),
      durationMinutes: Number(row.durationMinutes ?? 0),
      closureReport: d.closureReport,
      signageConfirmedAt: iso(d.signageConfirmedAt),
      signageConfirmedBy: person(d.signageConfirmedById),
    },
    selfTest: { passed: d.selfTestPassedAt !== null, at: iso(d.selfTestPassedAt) },
    initialThreshold: d.thresholdChanges[0]?.fromThreshold ?? d.threshold,
    thresholdHistory: d.thresholdChanges.map((t) => ({
      at: t.createdAt.toISOString(),
      from: t.fromThreshold,
      to: t.toThreshold,
      reason: t.reason,
      approvedBy: person(t.authorisedById),
    })),
    watchlist: {
      size: snapshot?.entryCount ?? null,
      snapshotHash: snapshot?.contentHash ?? null,
      frozenAt: iso(snapshot?.createdAt),
      destroyedAt: iso(snapshot?.destroyedAt),
      watchlists: d.watchlists.map((w) => w.watchlist.name),
    },
    deletionReceipts: receipts.map((r) => ({
      at: r.createdAt.toISOString(),
      kind: r.kind,
      count: r.count,
      reason: r.reason,
      periodStart: iso(r.periodStart),
      periodEnd: iso(r.periodEnd),
    })),
    figures,
    charts: { alertsPerHour: hourly.map((h) => ({ hour: new Date(h.hour).toISOString(), trueAlerts: h.trueAlerts, falseAlerts: h.falseAlerts })) },
    audit: {
      events: eventCount,
      lastEvent: lastEvent ? { seq: lastEvent.seq.toString(), hash: lastEvent.hash, at: lastEvent.occurredAt.toISOString() } : null,
      checkpoint: checkpoint
        ? {
            seq: checkpoint.seq.toString(),
            hash: checkpoint.hash,
            keyId: checkpoint.keyId,
            algorithm: checkpoint.algorithm,
            signature: checkpoint.signature,
            createdAt: checkpoint.createdAt.toISOString(),
          }
        : null,
    },
    verify:
      "Download this dossier as JSON (same address, format=json) and the public key (GET /api/audit/keys?format=pem), then run: npm run audit:verify -- --file dossier.json --public-key key.pem. The audit anchor is checked against the full audit export the same way.",
  };
  return signExportDocument(dossier as unknown as Record<string, unknown>, "thresholdHistory", loadSigningKey()) as unknown as DeploymentDossier;
}
