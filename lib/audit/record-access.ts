import "server-only";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS, type Tx } from "@/lib/db/prisma";
import { recordAuditEvent } from "./record-audit-event";

export type AccessKind = "alert.image" | "watchlist.entry" | "watchlist.image" | "export" | "gallery";

/**
 * Looking at biometric data, or exporting records, is itself an audit event: who looked at
 * whose data, and when. Pass the caller's transaction when the read is part of one.
 */
export async function recordAccess(
  input: { user: CurrentUser; kind: AccessKind; targetType: string; targetId?: string | null; deploymentId?: string | null; details?: Record<string, unknown>; requestId: string },
  tx?: Tx,
): Promise<void> {
  const write = (t: Tx) =>
    recordAuditEvent(t, {
      actor: input.user,
      action: `access.${input.kind}`,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      deploymentId: input.deploymentId ?? null,
      details: input.details,
      requestId: input.requestId,
    });
  if (tx) await write(tx);
  else await db().$transaction(write, TX_OPTIONS);
}
