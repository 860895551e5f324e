import "server-only";
import { db } from "@/lib/db/prisma";

/** Groups smaller than this are shown, but flagged as too small to conclude anything. */
export const MIN_GROUP_FOR_CONCLUSION = 20;
const BIN = 0.05;

function histogram(scores: number[]): { from: number; to: number; count: number }[] {
  const bins = new Map<number, number>();
  for (const s of scores) {
    const lo = Math.floor(s / BIN) * BIN;
    bins.set(lo, (bins.get(lo) ?? 0) + 1);
  }
  const los = [...bins.keys()].sort((a, b) => a - b);
  if (!los.length) return [];
  const out: { from: number; to: number; count: number }[] = [];
  for (let lo = los[0]; lo <= los.at(-1)! + 1e-9; lo += BIN) {
    const key = [...bins.keys()].find((k) => Math.abs(k - lo) < 1e-9);
    out.push({ from: Math.round(lo * 100) / 100, to: Math.round((lo + BIN) * 100) / 100, count: key === undefined ? 0 : bins.get(key)! });
  }
  return out;
}

/**
 * Accuracy and equitability of adjudicated (non-test) alerts: the share confirmed, the score
 * distributions of confirmed and rejected alerts, alerts per hour, and — where entries carry the
 * optional equality-monitoring fields — false alert rates by sex and by ethnicity, with counts.
 */
export async function buildAccuracyReport(filter: { deploymentId?: string } = {}) {
  const alerts = await db().alert.findMany({
    where: { isTest: false, ...(filter.deploymentId ? { deploymentId: filter.deploymentId } : {}) },
    select: {
      similarity: true,
      status: true,
      capturedAt: true,
      deploymentId: true,
      deployment: { select: { reference: true } },
      entry: { select: { sex: true, ethnicity: true } },
    },
    orderBy: { capturedAt: "asc" },
    take: 100_000,
  });
  const decided = alerts.filter((a) => a.status === "CONFIRMED" || a.status === "REJECTED");
  const confirmed = decided.filter((a) => a.status === "CONFIRMED");
  const rejected = decided.filter((a) => a.status === "REJECTED");
  const byGroup = (field: "sex" | "ethnicity") => {
    const groups = new Map<string, { alerts: number; falseAlerts: number }>();
    for (const a of decided) {
      const key = a.entry?.[field] ?? "not recorded";
      const g = groups.get(key) ?? { alerts: 0, falseAlerts: 0 };
      g.alerts++;
      if (a.status === "REJECTED") g.falseAlerts++;
      groups.set(key, g);
    }
    return [...groups.entries()]
      .map(([group, g]) => ({
        group,
        alerts: g.alerts,
        falseAlerts: g.falseAlerts,
        falseAlertRate: g.alerts ? Math.round((g.falseAlerts / g.alerts) * 1000) / 1000 : null,
        enoughToConclude: g.alerts >= MIN_GROUP_FOR_CONCLUSION,
      }))
      .sort((a, b) => b.alerts - a.alerts);
  };
  const perHour = new Map<string, { confirmed: number; rejected: number; open: number }>();
  for (const a of alerts) {
    const hour = a.capturedAt.toISOString().slice(0, 13) + ":00Z";
    const h = perHour.get(hour) ?? { confirmed: 0, rejected: 0, open: 0 };
    if (a.status === "CONFIRMED") h.confirmed++;
    else if (a.status === "REJECTED") h.rejected++;
    else h.open++;
    perHour.set(hour, h);
  }
  // The share confirmed per deployment and per day: is accuracy drifting, or different somewhere?
  const share = (key: (a: (typeof alerts)[number]) => string) => {
    const m = new Map<string, { alerts: number; confirmed: number; rejected: number }>();
    for (const a of alerts) {
      const k = key(a);
      const g = m.get(k) ?? { alerts: 0, confirmed: 0, rejected: 0 };
      g.alerts++;
      if (a.status === "CONFIRMED") g.confirmed++;
      if (a.status === "REJECTED") g.rejected++;
      m.set(k, g);
    }
    return [...m.entries()].map(([k, g]) => ({
      key: k,
      ...g,
      shareConfirmed: g.confirmed + g.rejected ? Math.round((g.confirmed / (g.confirmed + g.rejected)) * 1000) / 1000 : null,
    }));
  };
  return {
    alerts: alerts.length,
    adjudicated: decided.length,
    confirmed: confirmed.length,
    rejected: rejected.length,
    shareConfirmed: decided.length ? Math.round((confirmed.length / decided.length) * 1000) / 1000 : null,
    scoreHistogram: { confirmed: histogram(confirmed.map((a) => a.similarity)), rejected: histogram(rejected.map((a) => a.similarity)) },
    alertsPerHour: [...perHour.entries()].map(([hour, v]) => ({ hour, ...v })).slice(-168),
    byDeployment: share((a) => a.deployment.reference).map(({ key, ...g }) => ({ reference: key, ...g })),
    byDay: share((a) => a.capturedAt.toISOString().slice(0, 10)).map(({ key, ...g }) => ({ day: key, ...g })),
    bySex: byGroup("sex"),
    byEthnicity: byGroup("ethnicity"),
    minGroupForConclusion: MIN_GROUP_FOR_CONCLUSION,
  };
}
