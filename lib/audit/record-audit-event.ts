import "server-only";
import type { Tx } from "@/lib/db/prisma";
import { metrics } from "@/lib/observability/metrics";
import { GENESIS_HASH, hashEvent } from "./canonical";

export interface AuditActor {
  id: string | null;
  email: string | null;
  role: string | null;
}

export interface AuditInput {
  actor: AuditActor | null;
  action: string;
  outcome?: "ok" | "denied" | "failed";
  targetType?: string | null;
  targetId?: string | null;
  deploymentId?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
  occurredAt?: Date;
}

/** Advisory-lock key that serialises appends to the audit chain. */
const AUDIT_CHAIN_LOCK = 4_242_001;

/**
 * Appends one event to the hash-chained audit trail inside the caller's transaction, so the
 * change and its record commit together or not at all. The advisory lock (released at commit)
 * makes concurrent writers take turns, so the chain never forks.
 */
export async function recordAuditEvent(tx: Tx, input: AuditInput): Promise<{ seq: bigint; hash: string }> {
  const stop = metrics().auditAppend.startTimer();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
  const seq = last.length ? BigInt(last[0].seq) + 1n : 1n;
  const prevHash = last.length ? last[0].hash : GENESIS_HASH;
  const fields = {
    seq,
    occurredAt: input.occurredAt ?? new Date(),
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    actorRole: input.actor?.role ?? null,
    action: input.action,
    outcome: input.outcome ?? "ok",
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    deploymentId: input.deploymentId ?? null,
    details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
    requestId: input.requestId ?? null,
    ip: input.ip ?? null,
    prevHash,
  };
  const hash = hashEvent(fields);
  await tx.auditEvent.create({ data: { ...fields, details: fields.details as object, hash } });
  stop();
  return { seq, hash };
}
