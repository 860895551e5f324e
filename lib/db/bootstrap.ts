import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres, writeDatabaseUrlFile, type EmbeddedDatabase } from "./embedded";
import { migrate } from "./migrate";
import { stateDir } from "./paths";

export const EMBEDDED_PORT = Number(process.env.VIGIL_PG_PORT ?? 54329);

/**
 * The database `npm start` uses: DATABASE_URL when set, else the embedded server under
 * .vigil/pg. Migrations are applied either way.
 */
export async function bootstrapDatabase(log: (line: string) => void, options: { supervise?: boolean } = {}): Promise<EmbeddedDatabase & { embedded: boolean }> {
  let database: EmbeddedDatabase;
  let embedded = false;
  if (process.env.DATABASE_URL) {
    database = { url: process.env.DATABASE_URL, stop: async () => {} };
    log(`using DATABASE_URL (${redact(database.url)})`);
  } else {
    database = await startEmbeddedPostgres({ dir: path.join(stateDir, "pg"), port: EMBEDDED_PORT, database: "vigil", log, supervise: options.supervise });
    embedded = true;
  }
  await writeDatabaseUrlFile(stateDir, database.url);
  const result = await migrate(database.url, undefined, log);
  log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already in place`);
  return { ...database, embedded };
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export { ensureDatabase };
