import { bootstrapDatabase } from "./bootstrap";
import { stateDir } from "./paths";
import { readRunningApp } from "./running-app";

/**
 * Runs a command-line tool against the app's database: DATABASE_URL when set; else the database
 * of the app running from this checkout (.vigil/app.json, written by `npm start`); else this
 * checkout's embedded Postgres under .vigil/pg, reused when it runs and started (and migrated)
 * for the tool's run when it does not. Never another checkout's server on the default port.
 * Resolves to what `fn` returns.
 */
export async function withCliDatabase<T>(fn: () => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return fn();
  const running = readRunningApp(stateDir);
  if (running) {
    process.stderr.write(`using the database of the app running from this checkout (pid ${running.pid})\n`);
    process.env.DATABASE_URL = running.url;
    try {
      return await fn();
    } finally {
      const { db } = await import("./prisma");
      await db().$disconnect();
    }
  }
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
