import { readFileSync } from "node:fs";
import path from "node:path";
import { stateDir } from "./paths";

/**
 * The database the app uses: DATABASE_URL when set, otherwise the embedded server that
 * `npm start` started (its URL is remembered in .vigil/db-url).
 */
export function resolveDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    return readFileSync(path.join(stateDir, "db-url"), "utf8").trim();
  } catch {
    throw new Error("DATABASE_URL is not set and no embedded database has been started (run `npm start`).");
  }
}
