import "server-only";
import type { Tx } from "@/lib/db/prisma";
import { metrics } from "@/lib/observability/metrics";
import { AUDIT_INSERT_SQL, auditInsertValues } from "./audit-insert";
import { wakeAuditSequencer } from "./wake-audit-sequencer";

export interface AuditActor {
  id: string | null;
  email: string | null;
  role: string | null;
}

export interface AuditInput {
  actor: AuditActor | null;
  action: string;
  outcome?: "ok" | "denied" | "failed";
  targetType?: string | null;
  targetId?: string | null;
  deploymentId?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
  occurredAt?: Date;
}

/** A record just written: it has its row id now, and its chain position (seq, hash) once sequenced. */
export interface PendingAuditEvent {
  id: bigint;
}

/**
 * Writes one audit record inside the caller's transaction, so the change and its record commit
 * together or not at all. No lock: the record is inserted unsequenced, and the audit sequencer
 * (sequence-audit-events.ts, run by the elected process of run-audit-sequencer.ts) gives it its
 * sequence number and hash after it commits, in the order it sees commits. A transaction that rolls
 * back leaves nothing to sequence, so the chain has no gaps. A debounced NOTIFY wakes the sequencer.
 * A record with no change beside it (an audited read, a denial) needs no transaction of its own:
 * appendAuditEvent (append-audit-event.ts) writes it in one autocommit statement.
 */
export async function recordAuditEvent(tx: Tx, input: AuditInput): Promise<PendingAuditEvent> {
  const stop = metrics().auditAppend.startTimer();
  const [row] = await tx.$queryRawUnsafe<{ id: bigint }[]>(AUDIT_INSERT_SQL, ...auditInsertValues(input));
  stop();
  wakeAuditSequencer();
  return { id: BigInt(row.id) };
}
