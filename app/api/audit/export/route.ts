import { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import { withRoute } from "@/lib/http/with-route";
import { buildAuditExport } from "@/lib/reports/audit-export";
import { respondReport } from "@/lib/reports/respond-report";

const query = z.object({
  format: z.enum(["json", "csv"]).default("json"),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  actorId: z.string().uuid().optional(),
  action: z.string().max(100).optional(),
  deploymentId: z.string().uuid().optional(),
});

export const GET = withRoute({ action: "audit.read", query }, async ({ query: q, user, requestId }) => {
  // The access record goes in first, so the export includes its own request.
  await recordAccess({ user, kind: "export", targetType: "report", targetId: "audit-export", details: { ...q }, requestId });
  const data = await buildAuditExport({
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    actorId: q.actorId,
    action: q.action,
    deploymentId: q.deploymentId,
  });
  const headers = ["seq", "occurredAt", "actorEmail", "actorRole", "action", "outcome", "targetType", "targetId", "deploymentId", "details", "requestId", "prevHash", "hash"];
  const res = respondReport(q.format, "audit-export", data, {
    headers,
    rows: data.events.map((e) => [e.seq, e.occurredAt, e.actorEmail, e.actorRole, e.action, e.outcome, e.targetType, e.targetId, e.deploymentId, JSON.stringify(e.details), e.requestId, e.prevHash, e.hash]),
  });
  if (q.format === "json") res.headers.set("content-disposition", 'attachment; filename="audit-export.json"');
  return res;
});
