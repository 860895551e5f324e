import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { buildAccuracyReport } from "@/lib/reports/accuracy-report";
import { respondReport } from "@/lib/reports/respond-report";

export const GET = withRoute(
  { action: "reports.read", query: z.object({ format: z.enum(["json", "csv"]).default("json"), deploymentId: z.string().uuid().optional() }) },
  async ({ query }) => {
    const report = await buildAccuracyReport({ deploymentId: query.deploymentId });
    const rows = [
      ...report.bySex.map((g) => ["sex", g.group, g.alerts, g.falseAlerts, g.falseAlertRate, g.enoughToConclude]),
      ...report.byEthnicity.map((g) => ["ethnicity", g.group, g.alerts, g.falseAlerts, g.falseAlertRate, g.enoughToConclude]),
    ];
    return respondReport(query.format, "accuracy-by-group", report, {
      headers: ["dimension", "group", "adjudicatedAlerts", "falseAlerts", "falseAlertRate", "enoughToConclude"],
      rows,
    });
  },
);
