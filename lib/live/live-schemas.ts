import { z } from "zod";

/**
 * The live loop's wire contract, shared by the server (lib/live, lib/alerts, lib/deployments) and
 * the browser (camera station, live console). No "server-only": clients import these schemas and
 * PARSE what comes off the live stream and the scope/gallery routes instead of casting it.
 *
 * Event ids on the stream are the LiveEvent seq (decimal string); within one subscription they
 * strictly increase, and a reconnect with `Last-Event-ID` resumes after the last one received.
 */

// ───────────────────────────── Scope in force ─────────────────────────────

export const DEPLOYMENT_STATUSES = ["DRAFT", "SUBMITTED", "AUTHORISED", "REFUSED", "LIVE", "CLOSED", "CANCELLED"] as const;
export const LIVE_PHASES = ["self-test", "live", "stopped"] as const;
export type LivePhase = (typeof LIVE_PHASES)[number];

export const galleryKindSchema = z.enum(["blue-list", "full", "none"]);
export type GalleryKind = z.infer<typeof galleryKindSchema>;

/**
 * What the server says a camera station of this deployment must be searching now.
 * - phase "self-test": AUTHORISED; only blue-list volunteers are searched (gallery.kind "blue-list").
 * - phase "live": LIVE inside its window; the whole frozen snapshot (gallery.kind "full").
 * - phase "stopped": anything else (closed, cancelled, window ended, not authorised): gallery.kind
 *   "none", stoppedReason says why; stations must stop recognising.
 * `version` increases with every change of any field; a station compares the version (and
 * gallery.hash) of what it holds with the latest scope it has been told about.
 */
export const liveScopeSchema = z.object({
  deploymentId: z.string().uuid(),
  reference: z.string().max(200),
  status: z.enum(DEPLOYMENT_STATUSES),
  phase: z.enum(LIVE_PHASES),
  stoppedReason: z.string().max(500).nullable(),
  threshold: z.number().finite(),
  gallery: z.object({
    kind: galleryKindSchema,
    size: z.number().int().min(0),
    /** Root hash (hex) of the gallery's chunks (SHA-256 over their SHA-256s): the snapshot's contentHash when full, the blue-list part's root during the self-test. */
    hash: z.string().max(128).nullable(),
    snapshotId: z.string().uuid().nullable(),
  }),
  windowStart: z.string().datetime({ offset: true }),
  windowEnd: z.string().datetime({ offset: true }),
  modelId: z.string().max(64),
  modelVersion: z.string().max(128),
  selfTestPassedAt: z.string().datetime({ offset: true }).nullable(),
  version: z.number().int().min(0),
});
export type LiveScope = z.infer<typeof liveScopeSchema>;

export const DEPLOYMENT_CHANGES = [
  "authorised",
  "self-test-passed",
  "self-test-undone",
  "signage-confirmed",
  "went-live",
  "threshold",
  "snapshot",
  "window-ended",
  "closed",
  "cancelled",
  "other",
] as const;
export type DeploymentChange = (typeof DEPLOYMENT_CHANGES)[number];

/** Payload of the live event `deployment.changed`. Clients should switch on `scope`, not on `change`. */
export const deploymentChangedEventSchema = z.object({
  scope: liveScopeSchema,
  change: z.enum(DEPLOYMENT_CHANGES).catch("other"),
});
export type DeploymentChangedEvent = z.infer<typeof deploymentChangedEventSchema>;

/** The gallery route's answer: the entries of the scope in force, tagged with that scope. */
export const galleryResponseSchema = z.object({
  deploymentId: z.string().uuid(),
  snapshotId: z.string().uuid(),
  contentHash: z.string(),
  modelId: z.string(),
  modelVersion: z.string(),
  threshold: z.number(),
  dim: z.number().int(),
  /** The scope these entries belong to (kind, size, hash, version). */
  scope: liveScopeSchema,
  entries: z.array(z.object({ id: z.string().uuid(), subjectReference: z.string(), isTestSubject: z.boolean(), embeddings: z.array(z.string()) })),
});
export type GalleryResponse = z.infer<typeof galleryResponseSchema>;

// ───────────────────────────── Adjudication ─────────────────────────────

/** Seconds during which the person who made a decision (confirm, reject, outcome) may undo it. */
export const UNDO_SECONDS = 10;

export const REJECT_REASONS = ["NOT_THE_PERSON", "IMAGE_TOO_POOR", "DUPLICATE", "OTHER"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  NOT_THE_PERSON: "Not the person",
  IMAGE_TOO_POOR: "Image too poor to judge",
  DUPLICATE: "Duplicate of another alert",
  OTHER: "Other (note required)",
};

export const REAL_OUTCOMES = ["ENGAGED", "ARRESTED", "NO_FURTHER_ACTION", "NOT_LOCATED"] as const;
export const TEST_OUTCOMES = ["TEST_PASSED", "TEST_FAILED"] as const;
export const ALERT_OUTCOMES = [...REAL_OUTCOMES, ...TEST_OUTCOMES] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];
export const OUTCOME_LABELS: Record<AlertOutcome, string> = {
  ENGAGED: "Engaged",
  ARRESTED: "Arrested",
  NO_FURTHER_ACTION: "No further action",
  NOT_LOCATED: "Not located",
  TEST_PASSED: "Test passed",
  TEST_FAILED: "Test failed",
};

/** The outcomes an alert can take: test (blue-list) alerts take only test outcomes. */
export function outcomesFor(isTest: boolean): readonly AlertOutcome[] {
  return isTest ? TEST_OUTCOMES : REAL_OUTCOMES;
}

// ───────────────────────────── Alert view (alert.created / alert.updated) ─────────────────────────────

export const ALERT_STATUSES = ["PENDING", "AWAITING_SECOND", "CONFIRMED", "REJECTED"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

const iso = z.string().datetime({ offset: true });

export const adjudicationViewSchema = z.object({
  id: z.string().uuid(),
  userId: z.string().uuid(),
  userName: z.string().nullable(),
  decision: z.enum(["CONFIRM", "REJECT", "OUTCOME"]),
  outcome: z.enum(ALERT_OUTCOMES).nullable(),
  reason: z.enum(REJECT_REASONS).nullable(),
  note: z.string().nullable(),
  isTest: z.boolean(),
  createdAt: iso,
  /** Set when the decision was undone (it stays in the record). */
  undoneAt: iso.nullable(),
});
export type AdjudicationView = z.infer<typeof adjudicationViewSchema>;

export const alertViewSchema = z.object({
  id: z.string().uuid(),
  deploymentId: z.string().uuid(),
  deploymentReference: z.string(),
  camera: z.object({ id: z.string().uuid(), name: z.string(), lat: z.number(), lng: z.number() }),
  entry: z
    .object({
      id: z.string().uuid(),
      subjectReference: z.string(),
      displayName: z.string().nullable(),
      reasonCategory: z.string(),
      offence: z.string().nullable(),
      legalBasis: z.string(),
      isTestSubject: z.boolean(),
    })
    .nullable(),
  subjectReference: z.string(),
  similarity: z.number(),
  thresholdInForce: z.number(),
  modelId: z.string(),
  modelVersion: z.string(),
  trackId: z.string(),
  capturedAt: iso,
  receivedAt: iso,
  lastSeenAt: iso,
  sightings: z.number().int(),
  status: z.enum(ALERT_STATUSES),
  isTest: z.boolean(),
  outcome: z.enum(ALERT_OUTCOMES).nullable(),
  decidedAt: iso.nullable(),
  secondsToDecision: z.number().nullable(),
  overdue: z.boolean(),
  requireSecondConfirmation: z.boolean(),
  probeImageUrl: z.string(),
  watchlistImageUrl: z.string().nullable(),
  adjudications: z.array(adjudicationViewSchema),
  /** The latest decision still in force (not undone), or null. */
  lastDecisionBy: z.object({ userId: z.string().uuid(), name: z.string().nullable(), decision: z.enum(["CONFIRM", "REJECT", "OUTCOME"]) }).nullable(),
  /** Until when `lastDecisionBy.userId` may undo that decision (POST /api/alerts/[id]/undo); null when nothing is undoable. */
  undoableUntil: iso.nullable(),
});
export type AlertView = z.infer<typeof alertViewSchema>;

export const countsEventSchema = z.object({
  deploymentId: z.string().uuid(),
  cameraId: z.string().uuid(),
  facesProcessed: z.number().int().min(0),
  /** The scope version the station reported it was searching under (null for older stations). */
  scopeVersion: z.number().int().min(0).nullable().optional(),
});
export type CountsEvent = z.infer<typeof countsEventSchema>;

// ───────────────────────────── Live events ─────────────────────────────

export const LIVE_EVENT_TYPES = ["alert.created", "alert.updated", "counts", "deployment.changed"] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** Parse schema for each event type's `data`. */
export const liveEventPayloadSchemas = {
  "alert.created": alertViewSchema,
  "alert.updated": alertViewSchema,
  counts: countsEventSchema,
  "deployment.changed": deploymentChangedEventSchema,
} as const satisfies Record<LiveEventType, z.ZodType>;

export type LiveEventPayload<T extends LiveEventType> = z.infer<(typeof liveEventPayloadSchemas)[T]>;

/** A parsed live event, or null when its type is unknown or its data does not match the contract. */
export function parseLiveEvent(type: string, data: unknown): { [T in LiveEventType]: { type: T; data: LiveEventPayload<T> } }[LiveEventType] | null {
  if (!(LIVE_EVENT_TYPES as readonly string[]).includes(type)) return null;
  const parsed = liveEventPayloadSchemas[type as LiveEventType].safeParse(data);
  return parsed.success ? ({ type, data: parsed.data } as never) : null;
}

// ───────────────────────────── Requests ─────────────────────────────

export const adjudicateRequestSchema = z
  .object({
    decision: z.enum(["CONFIRM", "REJECT"]),
    reason: z.enum(REJECT_REASONS).optional(),
    note: z.string().trim().max(1000).optional(),
    isTest: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "REJECT" && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: `reason is required to reject (one of ${REJECT_REASONS.join(", ")})` });
    }
    if (v.decision === "CONFIRM" && v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "reason applies only to a rejection" });
    }
    if (v.reason === "OTHER" && !v.note) {
      ctx.addIssue({ code: "custom", path: ["note"], message: "note is required when the reason is OTHER" });
    }
  });
export type AdjudicateRequest = z.infer<typeof adjudicateRequestSchema>;

export const outcomeRequestSchema = z.object({
  outcome: z.enum(ALERT_OUTCOMES),
  note: z.string().trim().max(1000).optional(),
});
export type OutcomeRequest = z.infer<typeof outcomeRequestSchema>;

/** POST /api/alerts/[id]/undo takes an empty body: it undoes the caller's latest decision on that alert. */
export const undoRequestSchema = z.object({}).strict();
