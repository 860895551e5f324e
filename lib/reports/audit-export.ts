import "server-only";
import { db } from "@/lib/db/prisma";
import { GENESIS_HASH } from "@/lib/audit/canonical";

export const AUDIT_EXPORT_LIMIT = 50_000;

export interface AuditExportFilter {
  from?: Date;
  to?: Date;
  actorId?: string;
  action?: string;
  deploymentId?: string;
}

/**
 * Audit events with what an outsider needs to re-verify them: the anchor (the hash of the event
 * just before the first one exported) and the signed checkpoints covering the range. An export
 * filtered only by time is a contiguous slice of the chain and verifies offline with
 * `npm run audit:verify -- --file export.json`; one filtered by actor, action or deployment lists
 * the matching events with their hashes (verifiable against a full export), and says so.
 */
export async function buildAuditExport(filter: AuditExportFilter) {
  const byTimeOnly = !filter.actorId && !filter.action && !filter.deploymentId;
  const timeWhere = {
    ...(filter.from || filter.to ? { occurredAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
  };
  let where: object;
  if (byTimeOnly) {
    // A contiguous slice: every event between the first and last sequence number in the window.
    const [first, last] = await Promise.all([
      db().auditEvent.findFirst({ where: timeWhere, orderBy: { seq: "asc" }, select: { seq: true } }),
      db().auditEvent.findFirst({ where: timeWhere, orderBy: { seq: "desc" }, select: { seq: true } }),
    ]);
    where = first && last ? { seq: { gte: first.seq, lte: last.seq } } : { seq: -1n };
  } else {
    where = {
      ...timeWhere,
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.deploymentId ? { deploymentId: filter.deploymentId } : {}),
    };
  }
  const events = await db().auditEvent.findMany({ where, orderBy: { seq: "asc" }, take: AUDIT_EXPORT_LIMIT });
  const firstSeq = events[0]?.seq ?? null;
  const lastSeq = events.at(-1)?.seq ?? null;
  const before = firstSeq !== null && firstSeq > 1n ? await db().auditEvent.findUnique({ where: { seq: firstSeq - 1n }, select: { seq: true, hash: true } }) : null;
  const checkpoints =
    firstSeq !== null && lastSeq !== null
      ? await db().auditCheckpoint.findMany({ where: { seq: { gte: firstSeq, lte: lastSeq } }, orderBy: { seq: "asc" } })
      : [];
  return {
    format: "vigil-audit-export/v1",
    generatedAt: new Date().toISOString(),
    filter: {
      from: filter.from?.toISOString() ?? null,
      to: filter.to?.toISOString() ?? null,
      actorId: filter.actorId ?? null,
      action: filter.action ?? null,
      deploymentId: filter.deploymentId ?? null,
    },
    verifiable: byTimeOnly,
    truncated: events.length === AUDIT_EXPORT_LIMIT,
    anchor: before ? { seq: before.seq.toString(), hash: before.hash } : { seq: "0", hash: GENESIS_HASH },
    checkpoints: checkpoints.map((c) => ({
      seq: c.seq.toString(),
      hash: c.hash,
      keyId: c.keyId,
      algorithm: c.algorithm,
      signature: c.signature,
      createdAt: c.createdAt.toISOString(),
    })),
    events: events.map((e) => ({ ...e, seq: e.seq.toString(), occurredAt: e.occurredAt.toISOString() })),
  };
}
