import { z } from "zod";

/**
 * Response schemas of the audit routes (the wire shape; dates as ISO strings, sequence numbers as
 * decimal strings). The oversight page imports the inferred types and parses with these.
 */
const iso = z.string().datetime({ offset: true });

/** One row of GET /api/audit/events: the stored event plus names a person reads. */
export const auditEventViewSchema = z.object({
  id: z.string(),
  /** Null while the record waits for the audit sequencer (shown as "pending"). */
  seq: z.string().nullable(),
  occurredAt: iso,
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  /** The action's current name (lib/audit/audit-actions.ts). */
  action: z.string(),
  /** The name the chain stores (an older name for events recorded before a rename). */
  recordedAction: z.string(),
  outcome: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetName: z.string().nullable(),
  deploymentId: z.string().nullable(),
  deploymentReference: z.string().nullable(),
  details: z.unknown(),
  foldedSightings: z.number().int().min(0),
});
export type AuditEventView = z.infer<typeof auditEventViewSchema>;

export const auditEventsResponseSchema = z.object({ events: z.array(auditEventViewSchema), nextBefore: z.string().nullable() });
export type AuditEventsResponse = z.infer<typeof auditEventsResponseSchema>;

/** POST /api/audit/verify. */
export const verifyResponseSchema = z.object({
  chain: z.union([
    z.object({ ok: z.literal(true), events: z.number().int(), lastSeq: z.string().nullable() }),
    z.object({ ok: z.literal(false), events: z.number().int(), badSeq: z.string(), reason: z.string() }),
  ]),
  anchor: z.object({ seq: z.string(), signed: z.boolean() }),
  checkpoints: z.object({ checked: z.number().int(), latest: z.object({ seq: z.string(), createdAt: iso }).nullable(), problems: z.array(z.string()) }),
  ms: z.number(),
});
export type VerifyResponse = z.infer<typeof verifyResponseSchema>;

/** POST /api/audit/checkpoints: the checkpoint written, or null when nothing new was appended. */
export const checkpointResponseSchema = z.object({
  checkpoint: z.object({ seq: z.string(), hash: z.string(), keyId: z.string(), createdAt: iso }).nullable(),
});
export type CheckpointResponse = z.infer<typeof checkpointResponseSchema>;
