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
  ["falseAlertRate", "False alert rate (per face seen)"],
  ["arrests", "Arrests"],
  ["otherAction", "Other action"],
  ["noAction", "No action"],
  ["falseAlertsPerThousandFaces", "False alerts per 1,000 faces"],
  ["falseAlertsPerAlert", "False alerts per alert"],
  ["unconfirmedWithinWindow", "Unconfirmed, still open"],
  ["medianSecondsToDecision", "Median time to adjudication (s)"],
  ["thresholdChanges", "Threshold changes"],
  ["selfTest", "Self-test"],
  ["testAlerts", "Test alerts (counted apart)"],
  ["status", "Status"],
] as const;

export type DeploymentRecordRow = Record<(typeof DEPLOYMENT_RECORD_COLUMNS)[number][0], string | number | null> & { deploymentId: string };

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * One row per deployment (drafts excluded). Definitions, also in docs/oversight.md, over
 * non-test alerts: true alert (confirmed) = an operator confirmed it (CONFIRMED); false alert
 * (confirmed) = an operator rejected it (REJECTED); the rest (PENDING, AWAITING_SECOND) are
 * unconfirmed, and count as true when a first operator confirmed it (AWAITING_SECOND, waiting for
 * the second) or an outcome was recorded, otherwise as false. False alert rate = false alerts
 * (confirmed + unconfirmed) ÷ faces seen, as the Met publishes it; per 1,000 faces and per alert
 * too. Test (blue-list) alerts are counted apart.
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
  type Counts = {
    deploymentId: string;
    total: number;
    test: number;
    trueConfirmed: number;
    falseConfirmed: number;
    trueUnconfirmed: number;
    falseUnconfirmed: number;
    withinWindow: number;
    arrests: number;
    otherAction: number;
    noAction: number;
    medianSeconds: number | null;
  };
  const [counts, faces] = await Promise.all([
    ids.length
      ? db().$queryRaw<Counts[]>`
          SELECT "deploymentId"::text AS "deploymentId",
            count(*) FILTER (WHERE NOT "isTest")::int AS total,
            count(*) FILTER (WHERE "isTest")::int AS test,
            count(*) FILTER (WHERE NOT "isTest" AND status = 'CONFIRMED')::int AS "trueConfirmed",
            count(*) FILTER (WHERE NOT "isTest" AND status = 'REJECTED')::int AS "falseConfirmed",
            count(*) FILTER (WHERE NOT "isTest" AND status IN ('PENDING', 'AWAITING_SECOND') AND (status = 'AWAITING_SECOND' OR outcome IS NOT NULL))::int AS "trueUnconfirmed",
            count(*) FILTER (WHERE NOT "isTest" AND status = 'PENDING' AND outcome IS NULL)::int AS "falseUnconfirmed",
            count(*) FILTER (WHERE NOT "isTest" AND status IN ('PENDING', 'AWAITING_SECOND') AND "overdueAt" IS NULL)::int AS "withinWindow",
            count(*) FILTER (WHERE NOT "isTest" AND outcome = 'ARRESTED')::int AS arrests,
            count(*) FILTER (WHERE NOT "isTest" AND outcome = 'ENGAGED')::int AS "otherAction",
            count(*) FILTER (WHERE NOT "isTest" AND outcome IN ('NO_FURTHER_ACTION', 'NOT_LOCATED'))::int AS "noAction",
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "decidedAt" - "receivedAt"))
              FILTER (WHERE NOT "isTest" AND "decidedAt" IS NOT NULL))::float8 AS "medianSeconds"
          FROM "Alert" WHERE "deploymentId" = ANY(${ids}::uuid[])
          GROUP BY "deploymentId"`
      : Promise.resolve([] as Counts[]),
    db().faceCount.groupBy({ by: ["deploymentId"], where: { deploymentId: { in: ids } }, _sum: { faces: true } }),
  ]);
  const none: Omit<Counts, "deploymentId"> = {
    total: 0,
    test: 0,
    trueConfirmed: 0,
    falseConfirmed: 0,
    trueUnconfirmed: 0,
    falseUnconfirmed: 0,
    withinWindow: 0,
    arrests: 0,
    otherAction: 0,
    noAction: 0,
    medianSeconds: null,
  };
  return deployments.map((d) => {
    const c = counts.find((x) => x.deploymentId === d.id) ?? none;
    const falseAlerts = c.falseConfirmed + c.falseUnconfirmed;
    const facesSeen = Number(faces.find((f) => f.deploymentId === d.id)?._sum.faces ?? 0n);
    const start = d.liveAt ?? d.plannedStart;
    const end = d.closedAt ?? d.cancelledAt ?? (d.status === "LIVE" ? new Date() : d.plannedEnd);
    return {
      deploymentId: d.id,
      reference: d.reference,
      location: d.zone.name,
      area: d.zone.area,
      date: start.toISOString().slice(0, 10),
      durationMinutes: Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000)),
      purpose: d.purpose,
      watchlistSize: d.snapshots[0]?.entryCount ?? null,
      threshold: d.threshold,
      facesSeen,
      totalAlerts: c.total,
      trueAlertsConfirmed: c.trueConfirmed,
      trueAlertsUnconfirmed: c.trueUnconfirmed,
      falseAlertsConfirmed: c.falseConfirmed,
      falseAlertsUnconfirmed: c.falseUnconfirmed,
      falseAlertRate: facesSeen ? Number((falseAlerts / facesSeen).toPrecision(4)) : null,
      arrests: c.arrests,
      otherAction: c.otherAction,
      noAction: c.noAction,
      falseAlertsPerThousandFaces: facesSeen ? round((falseAlerts / facesSeen) * 1000) : null,
      falseAlertsPerAlert: c.total ? round(falseAlerts / c.total) : null,
      unconfirmedWithinWindow: c.withinWindow,
      medianSecondsToDecision: c.medianSeconds === null ? null : round(c.medianSeconds, 1),
      thresholdChanges: d._count.thresholdChanges,
      selfTest: d.selfTestPassedAt ? `passed ${d.selfTestPassedAt.toISOString()}` : "not passed",
      testAlerts: c.test,
      status: d.status,
    };
  });
}
