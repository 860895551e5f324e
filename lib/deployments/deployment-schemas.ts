import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { locationTypeSchema, zoneViewSchema } from "@/lib/zones/zone-schemas";
import { STATUSES, type DeploymentStatus } from "./state-machine";
import { MAX_MATCH_THRESHOLD, MIN_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import { isAllowedWhepUrl, WHEP_ORIGIN_MESSAGE } from "@/lib/rtc/whep-origin";

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Longest deployment window an application may ask for. */
export const MAX_WINDOW_HOURS = 24;

export const cameraSchema = z
  .object({
    name: text(2, 80),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    headingDeg: z.number().min(0).max(360).default(0),
    fovDeg: z.number().min(5).max(180).default(60),
    rangeM: z.number().min(1).max(200).default(25),
    source: z.enum(["LOCAL_PUBLISHER", "WHEP"]).default("LOCAL_PUBLISHER"),
    whepUrl: z
      .string()
      .max(500)
      .url()
      .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL")
      .refine((u) => isAllowedWhepUrl(u), WHEP_ORIGIN_MESSAGE)
      .optional(),
  })
  .strict()
  .refine((c) => c.source !== "WHEP" || !!c.whepUrl, { message: "a WHEP camera needs its whepUrl", path: ["whepUrl"] });

export const deploymentInputSchema = z
  .object({
    name: text(3, 120),
    zoneId: z.string().uuid(),
    plannedStart: z.string().datetime({ offset: true }),
    plannedEnd: z.string().datetime({ offset: true }),
    purpose: text(10, 2000),
    legalBasis: text(5, 1000),
    necessity: text(10, 4000),
    proportionality: text(10, 4000),
    watchlistCriteria: text(10, 2000),
    expectedFootfallPerHour: z.number().int().min(0).max(1_000_000).optional(),
    threshold: z.number().min(MIN_MATCH_THRESHOLD).max(MAX_MATCH_THRESHOLD),
    watchlistIds: z.array(z.string().uuid()).min(1, "choose at least one watchlist").max(10),
    cameras: z.array(cameraSchema).min(1, "add at least one camera").max(20),
    requireSecondConfirmation: z.boolean().default(false),
    dedupWindowSeconds: z.number().int().min(10).max(3600).default(120),
    adjudicationSlaMinutes: z.number().int().min(1).max(120).default(5),
  })
  .strict()
  .refine((d) => new Date(d.plannedEnd) > new Date(d.plannedStart), { message: "the window must end after it starts", path: ["plannedEnd"] })
  .refine((d) => new Date(d.plannedEnd).getTime() - new Date(d.plannedStart).getTime() <= MAX_WINDOW_HOURS * 3600_000, {
    message: `a deployment window is at most ${MAX_WINDOW_HOURS} hours`,
    path: ["plannedEnd"],
  });

export type DeploymentInput = z.infer<typeof deploymentInputSchema>;

export const reasonsSchema = z.object({ reasons: text(10, 4000) }).strict();
export const closeSchema = z.object({ report: text(10, 8000) }).strict();
export const cancelSchema = z.object({ reason: text(5, 2000) }).strict();
export const thresholdChangeSchema = z.object({ threshold: z.number().min(MIN_MATCH_THRESHOLD).max(MAX_MATCH_THRESHOLD), reason: text(10, 2000) }).strict();
export const selfTestSchema = z.object({ alertId: z.string().uuid() }).strict();

export const listDeploymentsQuery = z.object({
  status: z.enum(["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED", "LIVE", "CLOSED", "CANCELLED"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});

// ───────────────────────────── Responses (the wire shape; dates as ISO strings) ─────────────────────────────

const iso = z.string().datetime({ offset: true });
const roleSchema = z.enum(ROLES);

export const deploymentStatusSchema = z.enum(STATUSES as [DeploymentStatus, ...DeploymentStatus[]]);

/** A camera as the server returns it (the request's cameraSchema, with its id and defaults applied). */
export const cameraViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  headingDeg: z.number(),
  fovDeg: z.number(),
  rangeM: z.number(),
  source: z.enum(["LOCAL_PUBLISHER", "WHEP"]),
  whepUrl: z.string().nullable(),
});
export type CameraView = z.infer<typeof cameraViewSchema>;

const deploymentCore = {
  id: z.string().uuid(),
  reference: z.string(),
  name: z.string(),
  zoneId: z.string().uuid(),
  status: deploymentStatusSchema,
  plannedStart: iso,
  plannedEnd: iso,
  threshold: z.number(),
  version: z.number().int(),
  cameras: z.array(cameraViewSchema),
  watchlists: z.array(z.object({ watchlist: z.object({ id: z.string().uuid(), name: z.string() }) })),
};

/** One row of GET /api/deployments. */
export const deploymentListItemSchema = z.object({ ...deploymentCore, zone: z.object({ name: z.string() }) });
export type DeploymentListItem = z.infer<typeof deploymentListItemSchema>;

export const deploymentListResponseSchema = z.object({
  deployments: z.array(deploymentListItemSchema),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
});
export type DeploymentListResponse = z.infer<typeof deploymentListResponseSchema>;

/** GET /api/deployments/[id]: the whole application and its record. */
export const deploymentDetailSchema = z.object({
  ...deploymentCore,
  zone: zoneViewSchema,
  purpose: z.string(),
  locationType: locationTypeSchema,
  legalBasis: z.string(),
  necessity: z.string(),
  proportionality: z.string(),
  watchlistCriteria: z.string(),
  expectedFootfallPerHour: z.number().int().nullable(),
  modelId: z.string(),
  modelVersion: z.string(),
  requireSecondConfirmation: z.boolean(),
  dedupWindowSeconds: z.number().int(),
  adjudicationSlaMinutes: z.number().int(),
  applicantId: z.string().uuid(),
  submittedAt: iso.nullable(),
  authorisingOfficerId: z.string().uuid().nullable(),
  authorisedAt: iso.nullable(),
  authorisedVersion: z.number().int().nullable(),
  authorisationReasons: z.string().nullable(),
  refusedAt: iso.nullable(),
  refusalReasons: z.string().nullable(),
  signageConfirmedAt: iso.nullable(),
  signageConfirmedById: z.string().uuid().nullable(),
  selfTestPassedAt: iso.nullable(),
  liveAt: iso.nullable(),
  closedAt: iso.nullable(),
  closureReport: z.string().nullable(),
  cancelledAt: iso.nullable(),
  cancellationReason: z.string().nullable(),
  createdAt: iso,
  snapshots: z.array(z.object({ id: z.string().uuid(), entryCount: z.number().int(), contentHash: z.string(), createdAt: iso, destroyedAt: iso.nullable() })),
  thresholdChanges: z.array(
    z.object({
      id: z.string().uuid(),
      fromThreshold: z.number(),
      toThreshold: z.number(),
      reason: z.string(),
      authorisedById: z.string().uuid(),
      createdAt: iso,
    }),
  ),
  people: z.record(z.string(), z.object({ name: z.string(), email: z.string(), role: roleSchema })),
  alerts: z.object({ real: z.number().int(), test: z.number().int() }),
});
export type DeploymentDetail = z.infer<typeof deploymentDetailSchema>;
export const deploymentDetailResponseSchema = z.object({ deployment: deploymentDetailSchema });
export type DeploymentDetailResponse = z.infer<typeof deploymentDetailResponseSchema>;

/** POST /api/deployments and PUT /api/deployments/[id]: the saved application (its id and new version). */
export const deploymentSavedResponseSchema = z.object({
  deployment: z.object({ id: z.string().uuid(), reference: z.string(), status: deploymentStatusSchema, version: z.number().int() }),
});
export type DeploymentSavedResponse = z.infer<typeof deploymentSavedResponseSchema>;

/** Every lifecycle step's answer (POST /api/deployments/[id]/<step>). */
export const deploymentStepResponseSchema = z.object({
  deployment: z.object({ id: z.string().uuid(), status: deploymentStatusSchema, version: z.number().int(), threshold: z.number() }),
});
export type DeploymentStepResponse = z.infer<typeof deploymentStepResponseSchema>;
