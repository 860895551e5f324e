import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { databaseUrl, testAdminUrl } from "../../lib/testing/test-database";

/** The database the Playwright web server was started on (scripts/e2e-server.ts). */
export function planningE2eDatabaseUrl(): string {
  const admin = testAdminUrl();
  return databaseUrl(admin, process.env.VIGIL_E2E_DB ?? "vigil_e2e");
}

/** One query against the e2e database (for what no API exposes, such as deletion receipts). */
export async function queryE2e<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: planningE2eDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Runs the retention CLI against the e2e database with an injected clock. */
export async function runRetentionAsOf(asOf: Date): Promise<string> {
  const { stdout } = await promisify(execFile)(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/retention-run.ts", "--as-of", asOf.toISOString()],
    { env: { ...process.env, DATABASE_URL: planningE2eDatabaseUrl() }, timeout: 120_000 },
  );
  return stdout;
}
