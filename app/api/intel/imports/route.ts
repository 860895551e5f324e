import { toWire } from "@/lib/http/wire";
import { requestLogger, errorFields } from "@/lib/observability/logger";
import { withRoute } from "@/lib/http/with-route";
import { tooLarge } from "@/lib/http/api-error";
import { listCrimeImports } from "@/lib/intel/crime-facets";
import { chunksOf, MAX_CRIME_CSV_BYTES, openCrimeCsv, runCrimeImport } from "@/lib/intel/import-crime-csv";
import { importQuery, type ImportLine, type ImportsResponse } from "@/lib/intel/intel-schemas";

export const GET = withRoute({ action: "intel.read" }, async () => ({ imports: toWire(await listCrimeImports()) }) satisfies ImportsResponse);

/**
 * Upload a police.uk street-level crime CSV as the raw request body (`?fileName=`). The header is
 * checked first (400 if it is not that format); then the file is parsed as it arrives and the
 * answer streams NDJSON: `{"type":"started"}`, `{"type":"progress",...}` after each batch,
 * `{"type":"done","result":...}` (or `{"type":"error"}`) last.
 */
export const POST = withRoute({ action: "intel.import", query: importQuery }, async ({ request, query, user, requestId }) => {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > MAX_CRIME_CSV_BYTES) throw tooLarge(MAX_CRIME_CSV_BYTES);
  const opened = await openCrimeCsv(chunksOf(request.body));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (line: ImportLine) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false; // the browser went away; the import carries on and can be polled
        }
      };
      const run = async () => {
        try {
          const result = await runCrimeImport(opened, {
            fileName: query.fileName,
            user,
            requestId,
            onStart: (importId) => send({ type: "started", importId }),
            onProgress: (p) => send({ type: "progress", ...p }),
          });
          send({ type: "done", result });
        } catch (e) {
          requestLogger(requestId).error(errorFields(e), "crime import failed");
          send({ type: "error", message: `The import failed. Quote request id ${requestId} when reporting it.` });
        } finally {
          if (open) controller.close();
        }
      };
      // Not awaited: start() returns at once and the lines reach the browser as they are sent.
      void run();
    },
  });
  return new Response(body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});
