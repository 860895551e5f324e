import { createHash } from "node:crypto";

/** The fields of an audit event that its hash covers, in canonical form. */
export interface ChainedFields {
  seq: bigint;
  occurredAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  deploymentId: string | null;
  details: unknown;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
}

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so the same value always encodes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEvent(fields: ChainedFields): string {
  const encoded = canonicalJson({
    v: 1,
    seq: fields.seq.toString(),
    occurredAt: fields.occurredAt.toISOString(),
    actorId: fields.actorId,
    actorEmail: fields.actorEmail,
    actorRole: fields.actorRole,
    action: fields.action,
    outcome: fields.outcome,
    targetType: fields.targetType,
    targetId: fields.targetId,
    deploymentId: fields.deploymentId,
    details: fields.details,
    requestId: fields.requestId,
    ip: fields.ip,
    prevHash: fields.prevHash,
  });
  return createHash("sha256").update(encoded).digest("hex");
}
