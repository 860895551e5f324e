import "server-only";
import { db } from "@/lib/db/prisma";

/** The published per-deployment record (the Met's columns) plus what critics asked for. */
export const DEPLOYMENT_RECORD_COLUMNS = [
  ["reference", "Reference"],
  ["location", "Location"],
  ["area", "Borough or area"],
  ["date", "Date"],
  ["durationMinutes", "Duration (minutes)"],
  ["purpose", "Purpose"],
  ["watchlistSize", "Watchlist size"],
  ["threshold", "Threshold"],
  ["facesSeen", "Faces seen"],
  ["totalAlerts", "Total alerts"],
  ["trueAlertsConfirmed", "True alerts (confirmed)"],
  ["trueAlertsUnconfirmed", "True alerts (unconfirmed)"],
  ["falseAlertsConfirmed", "False alerts (confirmed)"],
  ["falseAlertsUnconfirmed", "False alerts (unconfirmed)"],
  ["undecided", "Not yet adjudicated"],
  ["falseAlertRate", "False alert rate"],
  ["arrests", "Arrests"],
  ["otherAction", "Other action"],
  ["noAction", "No action"],
  ["falseAlertsPerThousandFaces", "False alerts per 1,000 faces"],
  ["falseAlertsPerAlert", "False alerts per alert"],
  ["medianSecondsToDecision", "Median time to adjudication (s)"],
  ["thresholdChanges", "Threshold changes"],
  ["selfTest", "Self-test"],
  ["testAlerts", "Test alerts (counted apart)"],
  ["status", "Status"],
] as const;

export type DeploymentRecordRow = Record<(typeof DEPLOYMENT_RECORD_COLUMNS)[number][0], string | number | null>;

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * One row per deployment (drafts excluded). Definitions, also in docs/oversight.md:
 * true confirmed = operator confirmed and the person was engaged or arrested; true unconfirmed =
 * operator confirmed, person not engaged; false confirmed = operator rejected the alert; false
 * unconfirmed = never adjudicated within the deployment's window (overdue); undecided = open.
 * Test (blue-list) alerts are counted apart.
 */
export async function buildDeploymentRecord(filter: { deploymentId?: string } = {}): Promise<DeploymentRecordRow[]> {
  const deployments = await db().deployment.findMany({
    where: { status: { notIn: ["DRAFT"] }, ...(filter.deploymentId ? { id: filter.deploymentId } : {}) },
    include: {
      zone: { select: { name: true, area: true } },
      snapshots: { orderBy: { createdAt: "desc" }, take: 1, select: { entryCount: true } },
      _count: { select: { thresholdChanges: true } },
    },
    orderBy: { plannedStart: "desc" },
    take: 1000,
  });
  const ids = deployments.map((d) => d.id);
  const [alerts, faces] = await Promise.all([
    db().alert.findMany({
      where: { deploymentId: { in: ids } },
      select: { deploymentId: true, status: true, outcome: true, isTest: true, receivedAt: true, decidedAt: true, overdueAt: true },
    }),
    db().faceCount.groupBy({ by: ["deploymentId"], where: { deploymentId: { in: ids } }, _sum: { faces: true } }),
  ]);
  return deployments.map((d) => {
    const mine = alerts.filter((a) => a.deploymentId === d.id);
    const real = mine.filter((a) => !a.isTest);
    const engaged = (o: string | null) => o === "ARRESTED" || o === "ENGAGED";
    const trueConfirmed = real.filter((a) => a.status === "CONFIRMED" && engaged(a.outcome)).length;
    const trueUnconfirmed = real.filter((a) => a.status === "CONFIRMED" && !engaged(a.outcome)).length;
    const falseConfirmed = real.filter((a) => a.status === "REJECTED").length;
    const open = real.filter((a) => a.status === "PENDING" || a.status === "AWAITING_SECOND");
    const falseUnconfirmed = open.filter((a) => a.overdueAt).length;
    const falseAlerts = falseConfirmed + falseUnconfirmed;
    const facesSeen = faces.find((f) => f.deploymentId === d.id)?._sum.faces ?? 0;
    const start = d.liveAt ?? d.plannedStart;
    const end = d.closedAt ?? d.cancelledAt ?? (d.status === "LIVE" ? new Date() : d.plannedEnd);
    return {
      reference: d.reference,
      location: d.zone.name,
      area: d.zone.area,
      date: start.toISOString().slice(0, 10),
      durationMinutes: Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000)),
      purpose: d.purpose,
      watchlistSize: d.snapshots[0]?.entryCount ?? null,
      threshold: d.threshold,
      facesSeen,
      totalAlerts: real.length,
      trueAlertsConfirmed: trueConfirmed,
      trueAlertsUnconfirmed: trueUnconfirmed,
      falseAlertsConfirmed: falseConfirmed,
      falseAlertsUnconfirmed: falseUnconfirmed,
      undecided: open.length - falseUnconfirmed,
      falseAlertRate: real.length ? round(falseAlerts / real.length) : null,
      arrests: real.filter((a) => a.outcome === "ARRESTED").length,
      otherAction: real.filter((a) => a.outcome === "ENGAGED").length,
      noAction: real.filter((a) => a.outcome === "NO_FURTHER_ACTION" || a.outcome === "NOT_LOCATED").length,
      falseAlertsPerThousandFaces: facesSeen ? round((falseAlerts / facesSeen) * 1000) : null,
      falseAlertsPerAlert: real.length ? round(falseAlerts / real.length) : null,
      medianSecondsToDecision: median(real.filter((a) => a.decidedAt).map((a) => (a.decidedAt!.getTime() - a.receivedAt.getTime()) / 1000)),
      thresholdChanges: d._count.thresholdChanges,
      selfTest: d.selfTestPassedAt ? `passed ${d.selfTestPassedAt.toISOString()}` : "not passed",
      testAlerts: mine.length - real.length,
      status: d.status,
    };
  });
}
