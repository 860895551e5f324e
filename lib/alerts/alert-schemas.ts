import { z } from "zod";
import { adjudicateRequestSchema, outcomeRequestSchema } from "@/lib/live/live-schemas";

export {
  ALERT_OUTCOMES,
  OUTCOME_LABELS,
  outcomesFor,
  REAL_OUTCOMES,
  REJECT_REASON_LABELS,
  REJECT_REASONS,
  TEST_OUTCOMES,
  UNDO_SECONDS,
  type RejectReason,
} from "@/lib/live/live-schemas";

export const MAX_PROBE_JPEG_BYTES = 64 * 1024;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A match event from a camera station: the only thing about a face that ever leaves it. */
export const matchEventSchema = z.object({
  idempotencyKey: z.string().min(8).max(200),
  deploymentId: z.string().uuid(),
  cameraId: z.string().uuid(),
  entryId: z.string().uuid(),
  similarity: z.number().finite().min(-1).max(1),
  thresholdInForce: z.number().finite().min(0).max(1),
  modelId: z.string().min(1).max(64),
  modelVersion: z.string().min(1).max(128),
  trackId: z.string().min(1).max(100),
  capturedAt: z.string().datetime({ offset: true }),
  /** The LiveScope version the station was searching under (optional for older stations). */
  scopeVersion: z.number().int().min(0).max(1_000_000_000).optional(),
  probeJpeg: z
    .string()
    .max(Math.ceil((MAX_PROBE_JPEG_BYTES * 4) / 3) + 4, "must be a JPEG of at most 64 KiB")
    .regex(base64, "must be base64"),
});
export type MatchEvent = z.infer<typeof matchEventSchema>;

/** Reject needs a reason (OTHER needs a note): see lib/live/live-schemas.ts. */
export const adjudicateSchema = adjudicateRequestSchema;

/** Real alerts take real outcomes, test alerts only test outcomes (checked against the alert). */
export const outcomeSchema = outcomeRequestSchema;

export const listAlertsQuery = z.object({
  deploymentId: z.string().uuid().optional(),
  /** "open" = PENDING or AWAITING_SECOND (what a console reconciles against). */
  status: z.enum(["PENDING", "AWAITING_SECOND", "CONFIRMED", "REJECTED", "open"]).optional(),
  before: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
