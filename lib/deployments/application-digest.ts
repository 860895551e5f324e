import "server-only";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/audit/canonical";

export interface ApplicationForDigest {
  reference: string;
  version: number;
  name: string;
  zoneId: string;
  plannedStart: Date;
  plannedEnd: Date;
  purpose: string;
  locationType: string;
  legalBasis: string;
  necessity: string;
  proportionality: string;
  watchlistCriteria: string;
  expectedFootfallPerHour: number | null;
  threshold: number;
  modelId: string;
  modelVersion: string;
  requireSecondConfirmation: boolean;
  dedupWindowSeconds: number;
  adjudicationSlaMinutes: number;
  cameras: { name: string; lat: number; lng: number; headingDeg: number; fovDeg: number; rangeM: number; source: string; whepUrl: string | null }[];
  watchlistIds: string[];
}

/**
 * SHA-256 of the application exactly as it was decided on (canonical JSON): recorded with the
 * authorisation or refusal so the audit trail shows which text, window, cameras and threshold the
 * officer signed.
 */
export function applicationDigest(a: ApplicationForDigest): string {
  const cameras = a.cameras
    .map((c) => ({ name: c.name, lat: c.lat, lng: c.lng, headingDeg: c.headingDeg, fovDeg: c.fovDeg, rangeM: c.rangeM, source: c.source, whepUrl: c.whepUrl }))
    .sort((x, y) => canonicalJson(x).localeCompare(canonicalJson(y)));
  // Only the application's own fields: never its status or timestamps, which change as it moves.
  const body = {
    reference: a.reference,
    version: a.version,
    name: a.name,
    zoneId: a.zoneId,
    plannedStart: a.plannedStart.toISOString(),
    plannedEnd: a.plannedEnd.toISOString(),
    purpose: a.purpose,
    locationType: a.locationType,
    legalBasis: a.legalBasis,
    necessity: a.necessity,
    proportionality: a.proportionality,
    watchlistCriteria: a.watchlistCriteria,
    expectedFootfallPerHour: a.expectedFootfallPerHour,
    threshold: a.threshold,
    modelId: a.modelId,
    modelVersion: a.modelVersion,
    requireSecondConfirmation: a.requireSecondConfirmation,
    dedupWindowSeconds: a.dedupWindowSeconds,
    adjudicationSlaMinutes: a.adjudicationSlaMinutes,
    cameras,
    watchlistIds: [...a.watchlistIds].sort(),
  };
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}
