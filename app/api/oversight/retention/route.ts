import { toWire } from "@/lib/http/wire";
import type { RetentionReport } from "@/lib/reports/report-schemas";
import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { respondReport } from "@/lib/reports/respond-report";
import { buildRetentionReport } from "@/lib/reports/retention-report";

export const GET = withRoute({ action: "reports.read", query: z.object({ format: z.enum(["json", "csv"]).default("json") }) }, async ({ query }) => {
  const report = await buildRetentionReport();
  return respondReport(query.format, "retention-receipts", toWire(report) satisfies RetentionReport, {
    headers: ["createdAt", "kind", "count", "periodStart", "periodEnd", "reason"],
    rows: report.receipts.map((r) => [r.createdAt, r.kind, r.count, r.periodStart, r.periodEnd, r.reason]),
  });
});
