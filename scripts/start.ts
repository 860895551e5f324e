/**
 * `npm start`: the one command that runs Vigil on a fresh clone.
 *   1. prepares models and the recognition worker (scripts/setup.ts),
 *   2. uses DATABASE_URL, or starts the embedded Postgres under .vigil/pg,
 *   3. applies migrations and seeds demo data (demo users whenever the embedded database is used),
 *   4. builds the production bundle if there is none, and serves it on PORT (default 3000).
 * Flags: --dev (next dev), --port N, --build (force a rebuild), --no-build.
 * The embedded Postgres is supervised (restarted with a log line when it dies), the database in
 * use is recorded in .vigil/app.json for the CLIs, and SIGTERM/SIGINT stop everything within 5 s.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bootstrapDatabase } from "../lib/db/bootstrap";
import { stateDir } from "../lib/db/paths";
import { createPrismaClient } from "../lib/db/prisma";
import { forgetRunningApp, recordRunningApp } from "../lib/db/running-app";
import { seedDemo } from "../lib/seed/seed-demo";
import { shouldSeedDemoUsers } from "../lib/seed/should-seed";
import { setup } from "./setup";

const args = process.argv.slice(2);
const dev = args.includes("--dev");
const portArg = args.indexOf("--port");
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.PORT ?? 3000));
const log = (line: string) => console.log(`[vigil] ${line}`);

async function secret(): Promise<string> {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(stateDir, "nextauth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(stateDir, { recursive: true });
  const value = randomBytes(32).toString("base64url");
  await writeFile(file, value + "\n", { mode: 0o600 });
  log("generated a session secret in .vigil/nextauth-secret");
  return value;
}

function run(cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: "inherit", env });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main() {
  const t0 = Date.now();
  await setup(log);
  const database = await bootstrapDatabase(log, { supervise: true });
  const prisma = createPrismaClient(database.url);
  await seedDemo(prisma, {
    demoUsers: database.embedded || shouldSeedDemoUsers(),
    password: process.env.DEMO_PASSWORD,
    log,
  });
  await prisma.$disconnect();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: await secret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PORT: String(port),
    // The embedded database is a local install: sign audit checkpoints with the key kept in
    // .vigil/audit-ed25519.pem unless AUDIT_SIGNING_PRIVATE_KEY is given. A server on DATABASE_URL must set one.
    ...(database.embedded && !process.env.AUDIT_SIGNING_PRIVATE_KEY ? { VIGIL_ALLOW_LOCAL_AUDIT_KEY: "1" } : {}),
    // The local demo: a second factor is optional (with a banner) unless VIGIL_REQUIRE_MFA says otherwise.
    ...(database.embedded && !process.env.VIGIL_REQUIRE_MFA ? { VIGIL_REQUIRE_MFA: "0" } : {}),
  };
  const nextBin = path.join(process.cwd(), "node_modules", ".bin", "next");
  if (!dev && (args.includes("--build") || (!args.includes("--no-build") && !existsSync(path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))))) {
    log("building the production bundle (first start only; `npm run build` rebuilds)…");
    const code = await run(nextBin, ["build"], { ...env, NODE_ENV: "production" });
    if (code !== 0) {
      await database.stop();
      process.exit(code);
    }
  }
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s of preparation; starting Next.js on http://localhost:${port}`);
  const server = spawn(nextBin, [dev ? "dev" : "start", "-p", String(port)], {
    stdio: "inherit",
    env: { ...env, NODE_ENV: dev ? "development" : "production" },
  });
  await recordRunningApp(stateDir, { pid: process.pid, url: database.url, port, startedAt: new Date().toISOString() });
  // Next closes its live streams and exits on the signal (lib/http/shutdown.ts); whatever still
  // runs 4.5 s later is killed, so the whole stop takes under 5 s.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.kill(signal);
    setTimeout(() => {
      if (server.exitCode === null && server.signalCode === null) {
        log("Next.js did not exit in time; killing it");
        server.kill("SIGKILL");
      }
    }, 4_500).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  server.on("exit", async (code, signal) => {
    if (!stopping) log(`Next.js exited (${signal ?? `code ${code}`})`);
    await forgetRunningApp(stateDir).catch(() => {});
    await database.stop().catch(() => {});
    process.exit(code ?? (stopping ? 0 : 1));
  });
}

main().catch((error) => {
  console.error(`[vigil] start failed: ${(error as Error).message}`);
  process.exit(1);
});
