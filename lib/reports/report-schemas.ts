import { z } from "zod";

/**
 * Response schemas of the oversight reports the Oversight page reads as JSON (the wire shape;
 * dates as ISO strings). Routes check what they send with `satisfies`; the page parses with these.
 */
const iso = z.string().datetime({ offset: true });

/** GET /api/oversight/deployments (JSON): the published record, one row per deployment. */
export const deploymentRecordResponseSchema = z.object({
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])).and(z.object({ deploymentId: z.string().uuid() }))),
});
export type DeploymentRecordResponse = z.infer<typeof deploymentRecordResponseSchema>;

/** GET /api/oversight/retention (JSON): what retention deleted, per day and kind, and the latest receipts. */
export const retentionReportSchema = z.object({
  lastSuccessAt: iso.nullable(),
  lastFailure: z.object({ at: iso.nullable() }).nullable(),
  byDay: z.array(z.object({ day: z.string(), kind: z.string(), receipts: z.number().int(), count: z.number().int() })),
  receipts: z.array(
    z.object({
      id: z.string(),
      createdAt: iso,
      kind: z.string(),
      count: z.number().int(),
      periodStart: iso.nullable(),
      periodEnd: iso.nullable(),
      reason: z.string(),
    }),
  ),
});
export type RetentionReport = z.infer<typeof retentionReportSchema>;

/** POST /api/retention/run: the receipts of what this run deleted. */
export const retentionRunResponseSchema = z.object({ receipts: z.array(z.object({ count: z.number().int() })) });
export type RetentionRunResponse = z.infer<typeof retentionRunResponseSchema>;
