import type { Role } from "@/lib/auth/roles";
import type { DeploymentStatus } from "@/lib/deployments/state-machine";

export interface PlanUser {
  id: string;
  name: string;
  role: Role;
}

export type Ring = [number, number][];

export interface ZoneRow {
  id: string;
  name: string;
  locationType: string;
  rationale: string;
  area: string | null;
  geometry: { type: "Polygon"; coordinates: Ring[] };
  areaM2: number;
  deployments: number;
  createdAt: string;
  archivedAt: string | null;
}

export interface CameraRow {
  id?: string;
  name: string;
  lat: number;
  lng: number;
  headingDeg: number;
  fovDeg: number;
  rangeM: number;
  source: "LOCAL_PUBLISHER" | "WHEP";
  whepUrl?: string | null;
}

export interface DeploymentRow {
  id: string;
  reference: string;
  name: string;
  zoneId: string;
  zone: { name: string };
  status: DeploymentStatus;
  plannedStart: string;
  plannedEnd: string;
  threshold: number;
  version: number;
  cameras: CameraRow[];
  watchlists: { watchlist: { id: string; name: string } }[];
}

export interface DeploymentFull extends Omit<DeploymentRow, "zone"> {
  zone: ZoneRow;
  purpose: string;
  locationType: string;
  legalBasis: string;
  necessity: string;
  proportionality: string;
  watchlistCriteria: string;
  expectedFootfallPerHour: number | null;
  modelId: string;
  modelVersion: string;
  requireSecondConfirmation: boolean;
  dedupWindowSeconds: number;
  adjudicationSlaMinutes: number;
  applicantId: string;
  submittedAt: string | null;
  authorisingOfficerId: string | null;
  authorisedAt: string | null;
  authorisedVersion: number | null;
  authorisationReasons: string | null;
  refusedAt: string | null;
  refusalReasons: string | null;
  signageConfirmedAt: string | null;
  signageConfirmedById: string | null;
  selfTestPassedAt: string | null;
  liveAt: string | null;
  closedAt: string | null;
  closureReport: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  createdAt: string;
  snapshots: { id: string; entryCount: number; contentHash: string; createdAt: string; destroyedAt: string | null }[];
  thresholdChanges: { id: string; fromThreshold: number; toThreshold: number; reason: string; authorisedById: string; createdAt: string }[];
  people: Record<string, { name: string; email: string; role: Role }>;
  alerts: { real: number; test: number };
}

export interface WatchlistSummary {
  id: string;
  name: string;
  description: string;
  entries: number;
  /** Reviewed, unexpired entries with an enrolled face: what authorisation would freeze. */
  enrolledActive: number;
  testSubjects: number;
  awaitingReview: number;
  deployments: number;
}

export interface HeatFilters {
  show: boolean;
  month: string;
  crimeType: string;
  importId: string;
}
