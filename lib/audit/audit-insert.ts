import "server-only";
import { prepareStatement } from "@/lib/db/prisma";
import type { AuditInput } from "./record-audit-event";

/**
 * The one INSERT of an unsequenced audit record (seq, prevHash and hash stay NULL until the
 * sequencer chains it), shared by the transactional append (record-audit-event.ts) and the
 * standalone one (append-audit-event.ts). Fixed text, so it is a named prepared statement:
 * Postgres parses and plans it once per connection.
 */
export const AUDIT_INSERT_SQL = prepareStatement(
  "vigil_audit_insert",
  `INSERT INTO "AuditEvent" ("occurredAt", "actorId", "actorEmail", "actorRole", action, outcome, "targetType", "targetId", "deploymentId", details, "requestId", ip)
VALUES ($1::timestamptz, $2::uuid, $3, $4, $5, $6, $7, $8, $9::uuid, $10::jsonb, $11, $12)
RETURNING id`,
);

/** The INSERT's parameters, in order. */
export function auditInsertValues(input: AuditInput): unknown[] {
  return [
    // An explicit UTC instant: the same value through Prisma and through pg, whatever the session time zone.
    (input.occurredAt ?? new Date()).toISOString(),
    input.actor?.id ?? null,
    input.actor?.email ?? null,
    input.actor?.role ?? null,
    input.action,
    input.outcome ?? "ok",
    input.targetType ?? null,
    input.targetId ?? null,
    input.deploymentId ?? null,
    JSON.stringify(input.details ?? {}),
    input.requestId ?? null,
    input.ip ?? null,
  ];
}

/**
 * Several unsequenced records in one INSERT (one statement, one commit): the standalone appends
 * that arrive together (append-audit-event.ts). Row i of the arrays is record i; ids come from the
 * sequence in that order, so the i-th smallest returned id is record i's.
 */
export const AUDIT_INSERT_MANY_SQL = prepareStatement(
  "vigil_audit_insert_many",
  `INSERT INTO "AuditEvent" ("occurredAt", "actorId", "actorEmail", "actorRole", action, outcome, "targetType", "targetId", "deploymentId", details, "requestId", ip)
SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::jsonb[], $11::text[], $12::text[])
RETURNING id`,
);

/** AUDIT_INSERT_MANY_SQL's parameters: one array per column, records in order. */
export function auditInsertArrays(inputs: AuditInput[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 12 }, () => []);
  for (const input of inputs) auditInsertValues(input).forEach((v, i) => columns[i].push(v));
  return columns;
}
