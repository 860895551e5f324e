/**
 * The server Playwright tests run against: a fresh database (vigil_e2e) on the test cluster,
 * migrated and seeded with demo data, served by the production build (`scripts/start.ts`).
 */
import { spawn } from "node:child_process";
import { E2E_METRICS_TOKEN } from "../e2e/support/metrics";
import { E2E_OIDC } from "../e2e/support/oidc";
import { ensureTestCluster, freshDatabase } from "../lib/testing/test-database";

const cluster = await ensureTestCluster();
const name = process.env.VIGIL_E2E_DB ?? "vigil_e2e";
const url = await freshDatabase(cluster.adminUrl, name);
// The WHEP spec's media gateway listens on the app port + 9 (e2e/live-alert.spec.ts).
const portArg = process.argv.indexOf("--port");
const appPort = Number(portArg >= 0 ? process.argv[portArg + 1] : (process.env.VIGIL_E2E_PORT ?? 3100));
const whepOrigins = process.env.VIGIL_WHEP_ORIGINS ?? `http://127.0.0.1:${appPort + 9}`;
const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    // Single sign-on against the provider e2e/auth-oidc.spec.ts starts; the demo's optional second factor.
    VIGIL_OIDC_ISSUER: E2E_OIDC.issuer,
    VIGIL_OIDC_CLIENT_ID: E2E_OIDC.clientId,
    VIGIL_OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
    VIGIL_OIDC_ROLE_MAP: E2E_OIDC.roleMap,
    VIGIL_OIDC_LABEL: "Continue with your force account",
    VIGIL_REQUIRE_MFA: "0",
    // Prometheus scrapes in e2e/bench/live.bench.ts and e2e/metrics.spec.ts.
    VIGIL_METRICS_TOKEN: E2E_METRICS_TOKEN,
    ...process.env,
    DATABASE_URL: url,
    VIGIL_SEED_DEMO: "1",
    RETENTION_INTERVAL_MINUTES: "0",
    VIGIL_WHEP_ORIGINS: whepOrigins,
    VIGIL_TRANSPARENCY: "1",
    // The tests stand in for a reverse proxy: they set X-Forwarded-For to act from other addresses.
    VIGIL_TRUSTED_PROXY: "1",
  },
});
const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", async (code) => {
  await cluster.stop();
  process.exit(code ?? 0);
});
