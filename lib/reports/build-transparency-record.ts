import "server-only";
import { buildDeploymentRecord } from "./deployment-record";

/**
 * The columns a force publishes about each closed deployment, and nothing else: no subject, no
 * image, no camera position, no person's name. A deployment appears here automatically once it
 * closes (the record is computed from closed deployments on every read, so nothing waits on a
 * publishing step and nothing unpublishable can leak through a stored copy).
 */
export const TRANSPARENCY_COLUMNS = [
  ["reference", "Reference"],
  ["location", "Location"],
  ["area", "Area"],
  ["date", "Date"],
  ["durationMinutes", "Duration (minutes)"],
  ["purpose", "Purpose"],
  ["watchlistSize", "Watchlist size"],
  ["threshold", "Threshold"],
  ["facesSeen", "Faces seen"],
  ["totalAlerts", "Alerts"],
  ["trueAlertsConfirmed", "True alerts (confirmed)"],
  ["trueAlertsUnconfirmed", "True alerts (unconfirmed)"],
  ["falseAlertsConfirmed", "False alerts (confirmed)"],
  ["falseAlertsUnconfirmed", "False alerts (unconfirmed)"],
  ["falseAlertsPerAlert", "False alerts per alert"],
  ["falseAlertsPerThousandFaces", "False alerts per 1,000 faces"],
  ["arrests", "Arrests"],
  ["otherAction", "Other action"],
  ["noAction", "No action"],
] as const;

export type TransparencyRow = Record<(typeof TRANSPARENCY_COLUMNS)[number][0], string | number | null>;

export interface YearSummary {
  year: string;
  deployments: number;
  hours: number;
  facesSeen: number;
  alerts: number;
  trueAlerts: number;
  falseAlerts: number;
  falseAlertsPerThousandFaces: number | null;
  arrests: number;
  otherAction: number;
  noAction: number;
}

export async function buildTransparencyRecord(): Promise<{ rows: TransparencyRow[]; years: YearSummary[] }> {
  const all = await buildDeploymentRecord();
  const rows = all
    .filter((r) => r.status === "CLOSED")
    .map((r) => Object.fromEntries(TRANSPARENCY_COLUMNS.map(([key]) => [key, r[key] ?? null])) as TransparencyRow);
  const byYear = new Map<string, YearSummary>();
  const n = (v: string | number | null) => (typeof v === "number" ? v : 0);
  for (const r of rows) {
    const year = String(r.date).slice(0, 4);
    const y = byYear.get(year) ?? {
      year,
      deployments: 0,
      hours: 0,
      facesSeen: 0,
      alerts: 0,
      trueAlerts: 0,
      falseAlerts: 0,
      falseAlertsPerThousandFaces: null,
      arrests: 0,
      otherAction: 0,
      noAction: 0,
    };
    y.deployments++;
    y.hours += n(r.durationMinutes) / 60;
    y.facesSeen += n(r.facesSeen);
    y.alerts += n(r.totalAlerts);
    y.trueAlerts += n(r.trueAlertsConfirmed) + n(r.trueAlertsUnconfirmed);
    y.falseAlerts += n(r.falseAlertsConfirmed) + n(r.falseAlertsUnconfirmed);
    y.arrests += n(r.arrests);
    y.otherAction += n(r.otherAction);
    y.noAction += n(r.noAction);
    byYear.set(year, y);
  }
  const years = [...byYear.values()]
    .map((y) => ({
      ...y,
      hours: Math.round(y.hours * 10) / 10,
      falseAlertsPerThousandFaces: y.facesSeen ? Math.round((y.falseAlerts / y.facesSeen) * 1000 * 10000) / 10000 : null,
    }))
    .sort((a, b) => b.year.localeCompare(a.year));
  return { rows, years };
}
