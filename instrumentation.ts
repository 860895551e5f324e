/** Next.js calls this once when a server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startMaintenance } = await import("./lib/retention/maintenance-scheduler");
    const stopMaintenance = startMaintenance();
    const { installGracefulShutdown } = await import("./lib/http/shutdown");
    installGracefulShutdown();
    process.once("SIGTERM", stopMaintenance);
    process.once("SIGINT", stopMaintenance);
  }
}
