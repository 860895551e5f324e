import "server-only";
import { db } from "@/lib/db/prisma";
import { logger } from "@/lib/observability/logger";

export const AUDIT_PENDING_CHANNEL = "vigil_audit_pending";

/** How long after a write the wake-up goes out: time for the writer's transaction to commit. */
const WAKE_DELAY_MS = 20;

const state = globalThis as unknown as { vigilAuditWake?: NodeJS.Timeout | null };

/**
 * Tells the cluster's audit sequencer that records are on their way: at most one NOTIFY per process
 * every WAKE_DELAY_MS, sent on its own (outside the writer's transaction, shortly after it, so
 * usually after its commit). A NOTIFY inside the writer's transaction would be delivered exactly at
 * commit, but Postgres takes a database-wide lock while committing a transaction that notified,
 * which would serialise the writers again. A wake-up that arrives before the commit, or is lost,
 * only costs latency: the sequencer polls as well.
 */
export function wakeAuditSequencer(): void {
  if (state.vigilAuditWake) return;
  state.vigilAuditWake = setTimeout(() => {
    state.vigilAuditWake = null;
    let client;
    try {
      client = db();
    } catch {
      return; // no database configured in this process: the sequencer's poll still finds the rows
    }
    client.$executeRaw`SELECT pg_notify(${AUDIT_PENDING_CHANNEL}, '')`.catch((error: Error) =>
      logger().warn({ component: "audit-sequencer" }, `wake-up not sent: ${error.message}`),
    );
  }, WAKE_DELAY_MS);
  state.vigilAuditWake.unref?.();
}
