import type { AuditEventsResponse } from "@/lib/audit/audit-schemas";
import { toWire } from "@/lib/http/wire";
import { z } from "zod";
import { auditFilterQuery, toAuditFilter } from "@/lib/audit/audit-filter";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { resolveAuditFilter } from "@/lib/audit/resolve-audit-filter";
import { withRoute } from "@/lib/http/with-route";

const query = auditFilterQuery.omit({ format: true }).extend({
  before: z.coerce
    .bigint()
    .positive()
    .max(2n ** 62n)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = withRoute(
  { action: "audit.read", query },
  async ({ query }) =>
    toWire(
      await listAuditEvents({ ...(await resolveAuditFilter(toAuditFilter(query))), before: query.before, limit: query.limit }),
    ) satisfies AuditEventsResponse,
);
