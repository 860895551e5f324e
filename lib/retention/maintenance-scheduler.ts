import "server-only";
import { flagOverdueAlerts } from "@/lib/alerts/flag-overdue-alerts";
import { writeCheckpoint } from "@/lib/audit/write-checkpoint";
import { closeExpiredDeployments } from "@/lib/deployments/transition-deployment";
import { runRetention } from "./run-retention";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { metrics } from "@/lib/observability/metrics";

const OVERDUE_CHECK_MS = 30_000;

/**
 * Background duties of a running server: the retention job and a signed audit checkpoint every
 * RETENTION_INTERVAL_MINUTES (0 turns them off), and, every 30 s, the checks for unadjudicated alerts
 * and for live deployments past their window. Runs never overlap; failures are logged and retried on the next tick (the health check
 * shows when retention last succeeded).
 */
export function startMaintenance(log: (line: string) => void = (l) => logger().info({ component: "maintenance" }, l)): () => void {
  const minutes = env().RETENTION_INTERVAL_MINUTES;
  const timers: NodeJS.Timeout[] = [];
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const result = await runRetention();
      const deleted = result.receipts.reduce((n, r) => n + r.count, 0);
      metrics().retentionRuns.inc({ status: "succeeded" });
      for (const r of result.receipts) metrics().retentionDeleted.inc({ kind: r.kind }, r.count);
      if (deleted) log(`retention deleted ${deleted} record(s)`);
      await writeCheckpoint();
    } catch (error) {
      metrics().retentionRuns.inc({ status: "failed" });
      log(`retention failed: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };
  if (minutes > 0) {
    timers.push(setTimeout(() => void tick(), 20_000));
    timers.push(setInterval(() => void tick(), minutes * 60_000));
  }
  timers.push(
    setInterval(() => {
      flagOverdueAlerts().catch((e) => log(`overdue check failed: ${(e as Error).message}`));
      closeExpiredDeployments().catch((e) => log(`closing expired deployments failed: ${(e as Error).message}`));
    }, OVERDUE_CHECK_MS),
  );
  for (const t of timers) t.unref();
  return () => timers.forEach((t) => clearInterval(t));
}
