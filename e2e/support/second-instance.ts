import { spawn, type ChildProcess } from "node:child_process";
import { databaseUrl, testAdminUrl } from "../../lib/testing/test-database";

/** The e2e database that the Playwright web server uses. */
export function e2eDatabaseUrl(): string {
  const admin = testAdminUrl();
  return databaseUrl(admin, process.env.VIGIL_E2E_DB ?? "vigil_e2e");
}

/** Another app process on the same database (the production build), for fan-out and outage tests. */
export async function startInstance(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/start.ts", "--port", String(port), "--no-build"],
    {
      env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), NEXTAUTH_URL: `http://localhost:${port}`, RETENTION_INTERVAL_MINUTES: "0", PORT: String(port) },
      stdio: "ignore",
      detached: true,
    },
  );
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    stop: async () => {
      try {
        // A hard stop, like a crash or power loss: no graceful drain of open connections.
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      const until = Date.now() + 15_000;
      while (
        Date.now() < until &&
        (await fetch(`${url}/api/health`)
          .then(() => true)
          .catch(() => false))
      )
        await new Promise((r) => setTimeout(r, 200));
    },
  };
}
