import { z } from "zod";
import { badRequest } from "@/lib/http/api-error";

/**
 * The audit trail's filters, shared by the paginated list and the export: a time window, an
 * actor (user id or e-mail address), an action and a deployment.
 */
export const auditFilterQuery = z.object({
  format: z.enum(["json", "csv"]).default("json"),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  actor: z.string().trim().min(1).max(254).optional(),
  actorId: z.string().uuid().optional(),
  action: z.string().trim().min(1).max(100).optional(),
  /** A deployment's id or its reference (resolveAuditFilter turns a reference into the id). */
  deploymentId: z.string().trim().min(1).max(64).optional(),
});

export type AuditFilterQuery = z.infer<typeof auditFilterQuery>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toAuditFilter(q: Omit<AuditFilterQuery, "format">) {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from > to) throw badRequest("`from` must not be after `to`.", [{ path: "from", message: "after `to`" }]);
  const actorIsId = q.actor !== undefined && UUID.test(q.actor);
  return {
    from,
    to,
    actorId: q.actorId ?? (actorIsId ? q.actor : undefined),
    actorEmail: q.actor !== undefined && !actorIsId ? q.actor : undefined,
    action: q.action,
    deploymentId: q.deploymentId,
  };
}
