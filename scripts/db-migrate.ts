/** Applies committed migrations to DATABASE_URL (or the embedded database). */
import { bootstrapDatabase } from "../lib/db/bootstrap";

const db = await bootstrapDatabase((line) => console.log(line));
await db.stop();
