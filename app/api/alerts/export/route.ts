import { EXPORT_ALERT_COLUMNS, exportAlerts, exportAlertsQuery } from "@/lib/alerts/export-alerts";
import { recordAccess } from "@/lib/audit/record-access";
import { assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { respondReport } from "@/lib/reports/respond-report";

/** A deployment's alerts as CSV or JSON, for those on its roster (and oversight). Access-logged. */
export const GET = withRoute({ action: "alerts.read", query: exportAlertsQuery }, async ({ query, user, requestId }) => {
  await assertDeploymentAccess(user, query.deploymentId, { requestId });
  const rows = await exportAlerts(query.deploymentId);
  await recordAccess({
    user,
    kind: "export",
    targetType: "report",
    targetId: "alerts-export",
    deploymentId: query.deploymentId,
    details: { format: query.format, rows: rows.length },
    requestId,
  });
  return respondReport(
    query.format,
    "alerts",
    { alerts: rows },
    { headers: [...EXPORT_ALERT_COLUMNS], rows: rows.map((r) => EXPORT_ALERT_COLUMNS.map((k) => r[k])) },
  );
});
