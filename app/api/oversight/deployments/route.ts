import type { DeploymentRecordResponse } from "@/lib/reports/report-schemas";
import { z } from "zod";
import { recordAccess } from "@/lib/audit/record-access";
import { withRoute } from "@/lib/http/with-route";
import { buildDeploymentRecord, DEPLOYMENT_RECORD_COLUMNS } from "@/lib/reports/deployment-record";
import { renderDeploymentRecordPdf } from "@/lib/reports/deployment-record-pdf";
import { respondReport } from "@/lib/reports/respond-report";

export const GET = withRoute(
  {
    action: "reports.read",
    query: z.object({ format: z.enum(["json", "csv", "pdf"]).optional(), deploymentId: z.string().uuid().optional() }),
  },
  async ({ query, user, requestId }) => {
    const rows = await buildDeploymentRecord({ deploymentId: query.deploymentId });
    // Reading is not exporting: the Oversight screen asks without a format; only a download names one.
    if (query.format) {
      await recordAccess({
        user,
        kind: "export",
        targetType: "report",
        targetId: "deployment-record",
        deploymentId: query.deploymentId,
        details: { format: query.format, rows: rows.length },
        requestId,
      });
    }
    const format = query.format ?? "json";
    if (format === "pdf") {
      const pdf = await renderDeploymentRecordPdf(rows);
      return new Response(new Uint8Array(pdf), {
        headers: { "content-type": "application/pdf", "content-disposition": 'attachment; filename="deployment-record.pdf"', "cache-control": "no-store" },
      });
    }
    return respondReport(
      format,
      "deployment-record",
      { columns: DEPLOYMENT_RECORD_COLUMNS.map(([k, l]) => ({ key: k, label: l })), rows } satisfies DeploymentRecordResponse,
      {
        headers: DEPLOYMENT_RECORD_COLUMNS.map(([, label]) => label),
        rows: rows.map((r) => DEPLOYMENT_RECORD_COLUMNS.map(([key]) => r[key])),
      },
    );
  },
);
