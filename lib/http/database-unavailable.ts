/**
 * Recognises "the database cannot be reached right now" among the errors Prisma (with the pg
 * driver adapter) and pg itself throw, so an outage is answered 503 + Retry-After instead of
 * being reported as a bug (500). Pure: no imports, usable from routes, pages and scripts.
 */

/** Seconds a client is asked to wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Prisma: can't reach (P1001), timed out (P1002, P1008), server closed the connection (P1017),
// connection-pool timeout (P2024).
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Driver adapter error kinds that mean the server, not the query, is the problem.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseDoesNotExist"]);
// Postgres SQLSTATEs: admin/crash shutdown, cannot connect now, too many connections, class 08.
const PG_CODES = /^(57P0[123]|53300|08\d{3})$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ECONNABORTED"]);
const MESSAGES = [
  /can't reach database server/i,
  /connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /timeout exceeded when trying to connect/i,
  /server closed the connection unexpectedly/i,
  /connect ECONNREFUSED/i,
  /Client has encountered a connection error and is not queryable/i,
];

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    const e = record(current);
    if (!e || seen.has(e) || seen.size > 20) continue;
    seen.add(e);
    const name = typeof e.name === "string" ? e.name : (e.constructor as { name?: string } | undefined)?.name;
    if (name === "PrismaClientInitializationError") return true;
    if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || PG_CODES.test(e.code) || NODE_CODES.has(e.code))) return true;
    if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
    if (typeof e.message === "string" && MESSAGES.some((m) => m.test(e.message as string))) return true;
    const meta = record(e.meta);
    queue.push(e.cause, meta?.driverAdapterError, record(meta?.driverAdapterError)?.cause, e.originalError);
    if (Array.isArray(e.errors)) queue.push(...e.errors); // AggregateError (connect to several addresses)
  }
  return false;
}
