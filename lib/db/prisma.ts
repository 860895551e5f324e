import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { registerPoolStats } from "@/lib/observability/metrics";
import { resolveDatabaseUrl } from "./database-url";

export type Db = PrismaClient;
/** The client handed to code running inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { vigilPrisma?: PrismaClient };

export function createPrismaClient(url = resolveDatabaseUrl(), pool = new pg.Pool({ connectionString: url, max: 10 })): PrismaClient {
  // The client owns the pool: $disconnect ends it, as when the adapter made its own.
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
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
