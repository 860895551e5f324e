import { bootstrapDatabase } from "./bootstrap";

/**
 * Runs a command-line tool against the app's database: DATABASE_URL when set; otherwise the
 * embedded Postgres under .vigil/pg, reused when `npm start` is running and started (and
 * migrated) for the tool's run when it is not. Resolves to what `fn` returns.
 */
export async function withCliDatabase<T>(fn: () => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return fn();
  const database = await bootstrapDatabase((line) => process.stderr.write(`${line}\n`));
  process.env.DATABASE_URL = database.url;
  try {
    return await fn();
  } finally {
    const { db } = await import("./prisma");
    await db().$disconnect();
    await database.stop();
  }
}
