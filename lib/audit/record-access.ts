import "server-only";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { Tx } from "@/lib/db/prisma";
import type { AuditAction } from "./audit-actions";
import { appendAuditEvent } from "./append-audit-event";
import { recordAuditEvent } from "./record-audit-event";

export type AccessKind = "alert.image" | "watchlist.entry" | "watchlist.image" | "export" | "gallery";

/** The audit action each kind of access records (lib/audit/audit-actions.ts). */
const ACCESS_ACTIONS = {
  "alert.image": "access.read_alert_image",
  "watchlist.entry": "access.read_watchlist_entries",
  "watchlist.image": "access.read_watchlist_image",
  export: "access.export_report",
  gallery: "access.read_gallery",
} as const satisfies Record<AccessKind, AuditAction>;

/**
 * Looking at biometric data, or exporting records, is itself an audit event: who looked at
 * whose data, and when. Pass the caller's transaction when the read is part of one that changes
 * something; without one the record stands alone (one autocommit append, appendAuditEvent).
 */
export async function recordAccess(
  input: {
    user: CurrentUser;
    kind: AccessKind;
    targetType: string;
    targetId?: string | null;
    deploymentId?: string | null;
    details?: Record<string, unknown>;
    requestId: string;
  },
  tx?: Tx,
): Promise<void> {
  const record = {
    actor: input.user,
    action: ACCESS_ACTIONS[input.kind],
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    deploymentId: input.deploymentId ?? null,
    details: input.details,
    requestId: input.requestId,
  };
  if (tx) await recordAuditEvent(tx, record);
  else await appendAuditEvent(record);
}
