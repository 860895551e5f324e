/** Prints the URL of the database the app uses (the running app's, else the last one started). */
import { resolveDatabaseUrl } from "../lib/db/database-url";
import { stateDir } from "../lib/db/paths";
import { readRunningApp } from "../lib/db/running-app";

try {
  console.log(process.env.DATABASE_URL ?? readRunningApp(stateDir)?.url ?? resolveDatabaseUrl());
} catch {
  console.error("No database yet: run `npm start` (it starts this checkout's embedded Postgres).");
  process.exit(1);
}
