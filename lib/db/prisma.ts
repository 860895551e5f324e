import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { registerPoolStats } from "@/lib/observability/metrics";
import { resolveDatabaseUrl } from "./database-url";

export type Db = PrismaClient;
/** The client handed to code running inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { vigilPrisma?: PrismaClient; vigilPools?: WeakMap<PrismaClient, pg.Pool> };

/**
 * Statements sent as named prepared statements (parsed and planned once per connection, not on
 * every call): SQL text → statement name. Only hot, fixed statements go here (the audit append);
 * everything else stays unnamed, so no query text can grow a connection's statement cache.
 */
const preparedStatements = new Map<string, string>();

/** Marks `sql` (exact text) as a named prepared statement on every connection of every client. */
export function prepareStatement(name: string, sql: string): string {
  preparedStatements.set(sql, name);
  return sql;
}

/** The prepared name of `sql`, or undefined when it is sent unnamed. */
export function statementName(sql: string): string | undefined {
  return preparedStatements.get(sql);
}

// On the global, like the client: a module reloaded by Next dev still finds the pool of db().
const pools = (globalForPrisma.vigilPools ??= new WeakMap<PrismaClient, pg.Pool>());

export function createPrismaClient(url = resolveDatabaseUrl(), pool = new pg.Pool({ connectionString: url, max: 10 })): PrismaClient {
  // The client owns the pool: $disconnect ends it, as when the adapter made its own.
  // An empty name is pg's unnamed statement: what every query is without a generator.
  const statementNameGenerator = (query: { sql: string }) => statementName(query.sql) ?? "";
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator }) });
  pools.set(client, pool);
  return client;
}

/**
 * The pg pool behind a client made by createPrismaClient (or db()): for the few single statements
 * that need no transaction and are hot enough to skip Prisma's per-query work (the standalone
 * audit append). Same connections, same limits, same database.
 */
export function poolOf(client: PrismaClient): pg.Pool {
  const pool = pools.get(client);
  if (!pool) throw new Error("this Prisma client was not made by createPrismaClient: it has no known pool");
  return pool;
}

/** One client per process (Next dev reloads modules; the global keeps it single). Its pool is in /metrics. */
export function db(): PrismaClient {
  if (!globalForPrisma.vigilPrisma) {
    const pool = new pg.Pool({ connectionString: resolveDatabaseUrl(), max: 10 });
    registerPoolStats(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
    globalForPrisma.vigilPrisma = createPrismaClient(undefined, pool);
  }
  return globalForPrisma.vigilPrisma;
}

/** Transaction settings for mutations: the audit chain lock can make writers wait a little. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;
