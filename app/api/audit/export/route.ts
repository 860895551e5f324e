import { recordAccess } from "@/lib/audit/record-access";
import { auditFilterQuery, toAuditFilter } from "@/lib/audit/audit-filter";
import { resolveAuditFilter } from "@/lib/audit/resolve-audit-filter";
import { withRoute } from "@/lib/http/with-route";
import { planAuditExport, streamAuditExport } from "@/lib/reports/audit-export";

export const GET = withRoute({ action: "audit.read", query: auditFilterQuery }, async ({ query: q, user, requestId }) => {
  const filter = await resolveAuditFilter(toAuditFilter(q));
  // The access record goes in first, so an export that reaches the head includes its own request.
  await recordAccess({ user, kind: "export", targetType: "report", targetId: "audit-export", details: { ...q }, requestId });
  const plan = await planAuditExport(filter);
  return new Response(streamAuditExport(plan, q.format), {
    headers: {
      "content-type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="audit-export.${q.format}"`,
      "cache-control": "no-store",
    },
  });
});
