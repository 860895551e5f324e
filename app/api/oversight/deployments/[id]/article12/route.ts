import { z } from "zod";
import { NextResponse } from "next/server";
import { recordAccess } from "@/lib/audit/record-access";
import { signDetached } from "@/lib/audit/export-signature";
import { loadSigningKey } from "@/lib/audit/signing-key";
import { notFound } from "@/lib/http/api-error";
import { withRoute } from "@/lib/http/with-route";
import { ARTICLE12_CSV_HEADERS, article12CsvRows, buildArticle12Log } from "@/lib/reports/build-article12-log";
import { toCsv } from "@/lib/reports/csv";

/**
 * One deployment's EU AI Act Article 12 log: signed JSON, CSV, or the CSV's detached Ed25519
 * signature (`format=csv-signature`; verify with audit:verify --file log.csv --signature sig.json).
 */
export const GET = withRoute(
  {
    action: "reports.read",
    params: z.object({ id: z.string().uuid() }),
    query: z.object({ format: z.enum(["json", "csv", "csv-signature"]).default("json") }),
  },
  async ({ params, query, user, requestId }) => {
    const log = await buildArticle12Log(params.id);
    if (!log) throw notFound("Deployment");
    await recordAccess({
      user,
      kind: "export",
      targetType: "report",
      targetId: "article12-log",
      deploymentId: params.id,
      details: { format: query.format, matches: log.matches.length },
      requestId,
    });
    const name = `article12-${log.deployment.reference}`;
    if (query.format === "json")
      return NextResponse.json(log, { headers: { "content-disposition": `attachment; filename="${name}.json"`, "cache-control": "no-store" } });
    const csv = toCsv(ARTICLE12_CSV_HEADERS, article12CsvRows(log));
    const signature = signDetached(csv, loadSigningKey());
    if (query.format === "csv-signature") {
      return NextResponse.json(signature, { headers: { "content-disposition": `attachment; filename="${name}.csv.sig.json"`, "cache-control": "no-store" } });
    }
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}.csv"`,
        "x-vigil-signature": JSON.stringify(signature),
        "cache-control": "no-store",
      },
    });
  },
);
