import { z } from "zod";
import { env } from "@/lib/env";
import { notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { buildTransparencyRecord, TRANSPARENCY_COLUMNS } from "@/lib/reports/build-transparency-record";
import { respondReport } from "@/lib/reports/respond-report";

/** The public record of closed deployments (no sign-in), when VIGIL_TRANSPARENCY=1: JSON or CSV. */
export const GET = withRoute({ action: "public", query: z.object({ format: z.enum(["json", "csv"]).default("json") }) }, async ({ query }) => {
  if (env().VIGIL_TRANSPARENCY !== "1") throw notFound("Transparency record");
  const { rows, years } = await buildTransparencyRecord();
  return respondReport(
    query.format,
    "vigil-transparency-record",
    { columns: TRANSPARENCY_COLUMNS.map(([key, label]) => ({ key, label })), rows, years },
    {
      headers: TRANSPARENCY_COLUMNS.map(([, label]) => label),
      rows: rows.map((r) => TRANSPARENCY_COLUMNS.map(([key]) => r[key])),
    },
  );
});
