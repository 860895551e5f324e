import "server-only";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Tx } from "@/lib/db/prisma";

export interface DeletionRecord {
  kind: string;
  count: number;
  periodStart: Date | null;
  periodEnd: Date | null;
  reason: string;
  retentionRunId: string | null;
  now: Date;
  /** More for the audit event (never the deleted content). */
  details?: Record<string, string>;
}

/**
 * Records a deletion in the same transaction as the deletion itself: a deletion receipt (kind,
 * count, period, reason) and its `retention.delete` event in the audit chain.
 */
export async function recordDeletionReceipt(tx: Tx, d: DeletionRecord) {
  const receipt = await tx.deletionReceipt.create({
    data: {
      kind: d.kind,
      count: d.count,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      reason: d.reason,
      retentionRunId: d.retentionRunId,
      createdAt: d.now,
    },
  });
  await recordAuditEvent(tx, {
    actor: null,
    action: "retention.delete",
    targetType: "deletion_receipt",
    targetId: receipt.id,
    details: {
      kind: d.kind,
      count: d.count,
      ...d.details,
      periodStart: d.periodStart?.toISOString() ?? null,
      periodEnd: d.periodEnd?.toISOString() ?? null,
      reason: d.reason,
      asOf: d.now.toISOString(),
    },
  });
  return receipt;
}
