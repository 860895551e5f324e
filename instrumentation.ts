/** Next.js calls this once when a server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startMaintenance } = await import("./lib/retention/maintenance-scheduler");
    const stopMaintenance = startMaintenance();
    // Every server process stands for election; the one holding the lock sequences the audit trail.
    const { startAuditSequencer } = await import("./lib/audit/run-audit-sequencer");
    const { logger } = await import("./lib/observability/logger");
    const sequencer = startAuditSequencer({ log: (line) => logger().info({ component: "audit-sequencer" }, line) });
    const { installGracefulShutdown } = await import("./lib/http/shutdown");
    installGracefulShutdown();
    process.once("SIGTERM", stopMaintenance);
    process.once("SIGINT", stopMaintenance);
    process.once("SIGTERM", () => void sequencer.stop());
    process.once("SIGINT", () => void sequencer.stop());
  }
}
