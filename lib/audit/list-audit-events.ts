import "server-only";
import { db } from "@/lib/db/prisma";

export interface AuditQuery {
  before?: bigint;
  limit: number;
  from?: Date;
  to?: Date;
  action?: string;
  actorId?: string;
  actorEmail?: string;
  deploymentId?: string;
}

/** Newest first, keyset-paginated by sequence number. */
export async function listAuditEvents(q: AuditQuery) {
  const rows = await db().auditEvent.findMany({
    where: {
      ...(q.before ? { seq: { lt: q.before } } : {}),
      ...(q.from || q.to ? { occurredAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.actorEmail ? { actorEmail: { equals: q.actorEmail, mode: "insensitive" as const } } : {}),
      ...(q.deploymentId ? { deploymentId: q.deploymentId } : {}),
    },
    orderBy: { seq: "desc" },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((e) => ({ ...e, seq: e.seq.toString() })),
    nextBefore: rows.length > q.limit ? page[page.length - 1].seq.toString() : null,
  };
}
