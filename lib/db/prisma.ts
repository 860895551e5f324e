import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveDatabaseUrl } from "./database-url";

export type Db = PrismaClient;
/** The client handed to code running inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { vigilPrisma?: PrismaClient };

export function createPrismaClient(url = resolveDatabaseUrl()): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  return new PrismaClient({ adapter });
}

/** One client per process (Next dev reloads modules; the global keeps it single). */
export function db(): PrismaClient {
  if (!globalForPrisma.vigilPrisma) globalForPrisma.vigilPrisma = createPrismaClient();
  return globalForPrisma.vigilPrisma;
}

/** Transaction settings for mutations: the audit chain lock can make writers wait a little. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;
