import "server-only";
import { NextResponse } from "next/server";
import { toCsv, type Cell } from "./csv";

/** A report as JSON or as a downloadable CSV file. */
export function respondReport(format: "json" | "csv", name: string, json: unknown, table: { headers: string[]; rows: Cell[][] }): Response {
  if (format === "csv") {
    return new Response(toCsv(table.headers, table.rows), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}.csv"`,
        "cache-control": "no-store",
      },
    });
  }
  return NextResponse.json(json, { headers: { "cache-control": "no-store" } });
}
