import { readFileSync } from "node:fs";
import path from "node:path";
import { writeFile } from "node:fs/promises";
import pg from "pg";
import { embeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded";
import { migrate } from "../db/migrate";
import { stateDir } from "../db/paths";

/**
 * Tests run against a real PostgreSQL: the embedded server under .vigil/pg-test (or the server
 * in TEST_PG_ADMIN_URL). Each suite gets a freshly created, migrated database. A guard refuses
 * anything but a local server, so a test can never wipe a real database.
 */
export const TEST_PG_PORT = Number(process.env.VIGIL_TEST_PG_PORT ?? 54339);

const testAdminUrlFile = path.join(stateDir, `pg-test-${TEST_PG_PORT}.url`);

/** The test cluster's admin URL: TEST_PG_ADMIN_URL, else the one ensureTestCluster recorded. */
export function testAdminUrl(): string {
  if (process.env.TEST_PG_ADMIN_URL) return process.env.TEST_PG_ADMIN_URL;
  try {
    return readFileSync(testAdminUrlFile, "utf8").trim();
  } catch {
    return embeddedUrl(TEST_PG_PORT, "postgres");
  }
}

export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host) && process.env.VIGIL_TEST_ALLOW_REMOTE_DB !== "1") {
    throw new Error(`Refusing to run tests against non-local database host "${host}".`);
  }
}

export async function ensureTestCluster(): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  if (process.env.TEST_PG_ADMIN_URL) {
    assertLocalDatabase(process.env.TEST_PG_ADMIN_URL);
    return { adminUrl: process.env.TEST_PG_ADMIN_URL, stop: async () => {} };
  }
  const server: EmbeddedDatabase = await startEmbeddedPostgres({
    dir: path.join(stateDir, `pg-test-${TEST_PG_PORT}`),
    port: TEST_PG_PORT,
    database: "postgres",
  });
  const adminUrl = embeddedUrl(server.port ?? TEST_PG_PORT, "postgres");
  // Specs and helpers started without TEST_PG_ADMIN_URL find the cluster here (its port moves
  // off TEST_PG_PORT when another checkout's server holds that port).
  await writeFile(testAdminUrlFile, adminUrl + "\n", { mode: 0o600 });
  return { adminUrl, stop: server.stop };
}

export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops and recreates `name`, then applies every migration. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  assertLocalDatabase(adminUrl);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad test database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = databaseUrl(adminUrl, name);
  await migrate(url);
  return url;
}
