import { z } from "zod";

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
  probeJpeg: z
    .string()
    .max(Math.ceil((MAX_PROBE_JPEG_BYTES * 4) / 3) + 4, "must be a JPEG of at most 64 KiB")
    .regex(base64, "must be base64"),
});
export type MatchEvent = z.infer<typeof matchEventSchema>;

export const adjudicateSchema = z.object({
  decision: z.enum(["CONFIRM", "REJECT"]),
  note: z.string().trim().max(1000).optional(),
  isTest: z.boolean().optional(),
});

export const outcomeSchema = z.object({
  outcome: z.enum(["ENGAGED", "ARRESTED", "NO_FURTHER_ACTION", "NOT_LOCATED"]),
  note: z.string().trim().max(1000).optional(),
});

export const listAlertsQuery = z.object({
  deploymentId: z.string().uuid().optional(),
  status: z.enum(["PENDING", "AWAITING_SECOND", "CONFIRMED", "REJECTED"]).optional(),
  before: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
