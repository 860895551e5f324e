import "server-only";
import { db, poolOf, statementName, type Db } from "@/lib/db/prisma";
import { metrics } from "@/lib/observability/metrics";
import { AUDIT_INSERT_SQL, auditInsertValues } from "./audit-insert";
import type { AuditInput, PendingAuditEvent } from "./record-audit-event";
import { wakeAuditSequencer } from "./wake-audit-sequencer";

/**
 * Writes one audit record that stands alone: an event with no change of state beside it (an
 * audited read of biometric data, an export, a denied request, a refused sign-in). It is one
 * autocommit INSERT, so the record is its own atomic unit and is durable (committed and flushed
 * as every other commit) before this returns: a caller that serves the bytes after it has its
 * access on the record first. It skips what an interactive transaction costs (BEGIN and COMMIT
 * round trips, a pooled connection held across them, Prisma's transaction bookkeeping) and goes
 * straight to the client's pg pool as a prepared statement.
 *
 * Never use it for the record of a mutation: that record belongs in the mutation's transaction
 * (recordAuditEvent), so the change and its record commit together or not at all.
 */
export async function appendAuditEvent(input: AuditInput, client: Db = db()): Promise<PendingAuditEvent> {
  const stop = metrics().auditAppend.startTimer();
  const { rows } = await poolOf(client).query<{ id: string }>({
    name: statementName(AUDIT_INSERT_SQL),
    text: AUDIT_INSERT_SQL,
    values: auditInsertValues(input),
  });
  stop();
  wakeAuditSequencer();
  return { id: BigInt(rows[0].id) };
}
