import { z } from "zod";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { withRoute } from "@/lib/http/with-route";

const query = z.object({
  before: z.coerce.bigint().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(100).optional(),
  actorId: z.string().uuid().optional(),
  deploymentId: z.string().uuid().optional(),
});

export const GET = withRoute({ action: "audit.read", query }, async ({ query }) => listAuditEvents(query));
