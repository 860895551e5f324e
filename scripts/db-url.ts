/** Prints the URL of the database the app uses. */
import { resolveDatabaseUrl } from "../lib/db/database-url";
import { embeddedUrl } from "../lib/db/embedded";
import { EMBEDDED_PORT } from "../lib/db/bootstrap";

try {
  console.log(resolveDatabaseUrl());
} catch {
  console.log(embeddedUrl(EMBEDDED_PORT, "vigil"));
}
