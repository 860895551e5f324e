import "server-only";
import { storedAuditActions } from "@/lib/audit/audit-actions";
import { logger, errorFields } from "@/lib/observability/logger";
import { GENESIS_HASH } from "@/lib/audit/canonical";
import { ExportSigner } from "@/lib/audit/export-signature";
import { sequenceAuditEvents } from "@/lib/audit/sequence-audit-events";
import { listPublicKeys, loadSigningKey } from "@/lib/audit/signing-key";
import { sequencedRow } from "@/lib/audit/verify-chain";
import { db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { csvRow } from "./csv";

/** At most this many events per export (a bound on one request's work); `truncated` says when hit. */
export const AUDIT_EXPORT_LIMIT = 200_000;
const BATCH = 1000;

export interface AuditExportFilter {
  from?: Date;
  to?: Date;
  actorId?: string;
  actorEmail?: string;
  action?: string;
  deploymentId?: string;
}

type CheckpointRow = { seq: bigint; hash: string; keyId: string; algorithm: string; signature: string; createdAt: Date };
const checkpointJson = (c: CheckpointRow) => ({
  seq: c.seq.toString(),
  hash: c.hash,
  keyId: c.keyId,
  algorithm: c.algorithm,
  signature: c.signature,
  createdAt: c.createdAt.toISOString(),
});

export const AUDIT_EXPORT_CSV_HEADERS = [
  "seq",
  "occurredAt",
  "actorId",
  "actorEmail",
  "actorRole",
  "action",
  "outcome",
  "targetType",
  "targetId",
  "deploymentId",
  "details",
  "requestId",
  "ip",
  "prevHash",
  "hash",
];

/**
 * What an audit export will contain, decided before any event is sent: the range of sequence
 * numbers, the anchor (the hash of the event just before the first one, or the signed checkpoint
 * left there when older events were purged), the signed checkpoints inside the range, and the
 * latest checkpoint. An export filtered only by time is a contiguous slice of the chain and
 * verifies offline (`npm run audit:verify -- --file export.json`); one filtered by actor, action
 * or deployment lists the matching events with their hashes and says `verifiable: false`.
 * The audit table is append-only, so rows up to the head seen here cannot change while streaming.
 */
export async function planAuditExport(filter: AuditExportFilter) {
  const byTimeOnly = !filter.actorId && !filter.actorEmail && !filter.action && !filter.deploymentId;
  const timeWhere: Prisma.AuditEventWhereInput =
    filter.from || filter.to ? { occurredAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {};
  // Records committed before the export was asked for join the chain first, so it includes them.
  await sequenceAuditEvents();
  const head = await db().auditEvent.findFirst({ where: { seq: { not: null } }, orderBy: { seq: "desc" }, select: { seq: true } });
  const headSeq = head?.seq ?? 0n;
  let where: Prisma.AuditEventWhereInput;
  if (byTimeOnly) {
    const [first, last] = await Promise.all([
      db().auditEvent.findFirst({ where: { ...timeWhere, seq: { lte: headSeq } }, orderBy: { seq: "asc" }, select: { seq: true } }),
      db().auditEvent.findFirst({ where: { ...timeWhere, seq: { lte: headSeq } }, orderBy: { seq: "desc" }, select: { seq: true } }),
    ]);
    where = first?.seq != null && last?.seq != null ? { seq: { gte: first.seq, lte: last.seq } } : { seq: { lt: 0n } };
  } else {
    where = {
      ...timeWhere,
      seq: { lte: headSeq },
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
      ...(filter.actorEmail ? { actorEmail: { equals: filter.actorEmail, mode: "insensitive" as const } } : {}),
      ...(filter.action ? { action: { in: storedAuditActions(filter.action) } } : {}),
      ...(filter.deploymentId ? { deploymentId: filter.deploymentId } : {}),
    };
  }
  const [first, lastInWhere] = await Promise.all([
    db().auditEvent.findFirst({ where, orderBy: { seq: "asc" }, select: { seq: true } }),
    db().auditEvent.findFirst({ where, orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  const firstSeq = first?.seq ?? null;
  const lastSeq = lastInWhere?.seq ?? null;
  let anchor: { seq: string; hash: string; checkpoint?: ReturnType<typeof checkpointJson> } = { seq: "0", hash: GENESIS_HASH };
  if (firstSeq !== null && firstSeq > 1n) {
    const before = await db().auditEvent.findUnique({ where: { seq: firstSeq - 1n }, select: { seq: true, hash: true } });
    const signed = await db().auditCheckpoint.findFirst({ where: { seq: firstSeq - 1n }, orderBy: { createdAt: "desc" } });
    if (before?.seq != null && before.hash !== null)
      anchor = { seq: before.seq.toString(), hash: before.hash, ...(signed && signed.hash === before.hash ? { checkpoint: checkpointJson(signed) } : {}) };
    else if (signed) anchor = { seq: signed.seq.toString(), hash: signed.hash, checkpoint: checkpointJson(signed) };
  }
  const [checkpoints, latest] = await Promise.all([
    firstSeq !== null && lastSeq !== null
      ? db().auditCheckpoint.findMany({ where: { seq: { gte: firstSeq, lte: lastSeq } }, orderBy: [{ seq: "asc" }, { createdAt: "asc" }] })
      : Promise.resolve([]),
    db().auditCheckpoint.findFirst({ orderBy: [{ seq: "desc" }, { createdAt: "desc" }] }),
  ]);
  return {
    where,
    header: {
      format: "vigil-audit-export/v1",
      generatedAt: new Date().toISOString(),
      filter: {
        from: filter.from?.toISOString() ?? null,
        to: filter.to?.toISOString() ?? null,
        actorId: filter.actorId ?? null,
        actorEmail: filter.actorEmail ?? null,
        action: filter.action ?? null,
        deploymentId: filter.deploymentId ?? null,
      },
      verifiable: byTimeOnly,
      verify: "npm run audit:verify -- --file <this file> --public-key <key.pem from GET /api/audit/keys?format=pem>; see docs/oversight.md",
      publicKeys: listPublicKeys().map((k) => ({ keyId: k.keyId, algorithm: k.algorithm, status: k.status, publicKeyPem: k.publicKeyPem })),
      anchor,
      checkpoints: checkpoints.map(checkpointJson),
      latestCheckpoint: latest ? checkpointJson(latest) : null,
    },
  };
}

export type AuditExportPlan = Awaited<ReturnType<typeof planAuditExport>>;

async function* eventsOf(plan: AuditExportPlan) {
  let after: bigint | null = null;
  let sent = 0;
  while (sent < AUDIT_EXPORT_LIMIT) {
    const where: Prisma.AuditEventWhereInput = after === null ? plan.where : { AND: [plan.where, { seq: { gt: after } }] };
    const rows = await db().auditEvent.findMany({ where, orderBy: { seq: "asc" }, take: Math.min(BATCH, AUDIT_EXPORT_LIMIT - sent) });
    for (const row of rows) {
      // The row id is storage, not part of the chained record: the export carries what the hash covers.
      const { seq, occurredAt, actorId, actorEmail, actorRole, action, outcome, targetType, targetId, deploymentId, details, requestId, ip, prevHash, hash } =
        sequencedRow(row);
      yield {
        seq: seq.toString(),
        occurredAt: occurredAt.toISOString(),
        actorId,
        actorEmail,
        actorRole,
        action,
        outcome,
        targetType,
        targetId,
        deploymentId,
        details,
        requestId,
        ip,
        prevHash,
        hash,
      };
    }
    sent += rows.length;
    if (rows.length < BATCH) return { sent, truncated: false };
    after = rows[rows.length - 1].seq!;
  }
  const more = await db().auditEvent.findFirst({ where: { AND: [plan.where, { seq: { gt: after ?? -1n } }] }, select: { seq: true } });
  return { sent, truncated: more !== null };
}

/**
 * Streams the export in batches (memory stays flat however long the trail): JSON with the
 * verification material first, `events`, then `count`, `truncated` and an Ed25519 `signature`
 * over every field and the events (computed as they stream); or RFC 4180 CSV of the events.
 */
export function streamAuditExport(plan: AuditExportPlan, format: "json" | "csv"): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const events = eventsOf(plan);
  let started = false;
  let count = 0;
  const signer = format === "json" ? new ExportSigner("events") : null;
  const key = format === "json" ? loadSigningKey() : null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunks: string[] = [];
        if (!started) {
          started = true;
          if (format === "json") chunks.push(JSON.stringify(plan.header).slice(0, -1) + ',"events":[');
          else chunks.push(csvRow(AUDIT_EXPORT_CSV_HEADERS));
        }
        for (let i = 0; i < 200; i++) {
          const next = await events.next();
          if (next.done) {
            if (format === "json") {
              const trailer = { count, truncated: next.value.truncated };
              const signature = signer!.sign({ ...plan.header, ...trailer }, key!);
              chunks.push(`],"count":${count},"truncated":${trailer.truncated},"signature":${JSON.stringify(signature)}}`);
            }
            controller.enqueue(encoder.encode(chunks.join("")));
            controller.close();
            return;
          }
          const e = next.value;
          if (format === "json") {
            chunks.push((count ? "," : "") + JSON.stringify(e));
            signer!.addRecord(e);
          } else
            chunks.push(
              csvRow([
                e.seq,
                e.occurredAt,
                e.actorId,
                e.actorEmail,
                e.actorRole,
                e.action,
                e.outcome,
                e.targetType,
                e.targetId,
                e.deploymentId,
                JSON.stringify(e.details),
                e.requestId,
                e.ip,
                e.prevHash,
                e.hash,
              ]),
            );
          count++;
        }
        controller.enqueue(encoder.encode(chunks.join("")));
      } catch (error) {
        logger().error({ component: "audit-export", ...errorFields(error) }, "audit export stream failed");
        controller.error(error);
      }
    },
  });
}
