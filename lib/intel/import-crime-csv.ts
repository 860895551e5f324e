import "server-only";
import { requestLogger, errorFields } from "@/lib/observability/logger";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db, TX_OPTIONS } from "@/lib/db/prisma";
import { badRequest } from "@/lib/http/api-error";
import { isDatabaseUnavailable } from "@/lib/http/database-unavailable";
import { mapHeader, parseCrimeRow, type CrimeRow, type HeaderMap } from "./crime-row";
import { CsvError, CsvParser, type CsvRecord } from "./csv-parser";

/** Largest upload accepted (a big force's monthly file is ~30 MB). */
export const MAX_CRIME_CSV_BYTES = 256 * 1024 * 1024;
/** Rejected lines kept on the import row; all of them are counted (and streamed to onReject). */
export const STORED_REJECTIONS = 200;
export const DEFAULT_BATCH_SIZE = 5000;

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportProgress {
  importId: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
}

export interface ImportResult extends ImportProgress {
  fileName: string;
  rejections: Rejection[];
  finishedAt: string;
  error: string | null;
  ms: number;
}

class ImportLimitError extends Error {}

/** An upload whose header row has been read and checked. */
export interface OpenedCsv {
  header: HeaderMap;
  width: number;
  parser: CsvParser;
  decoder: TextDecoder;
  pending: CsvRecord[];
  chunks: AsyncIterator<Uint8Array>;
  bytes: number;
  maxBytes: number;
  ended: boolean;
}

/** Chunks of a web ReadableStream (a request body) as an async iterator. */
export async function* chunksOf(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value?.byteLength) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Reads just enough of the upload to find and check the header row, so a file that is not a
 * police.uk street-level CSV is refused (400, naming the missing columns) before anything is
 * stored or any progress is streamed.
 */
export async function openCrimeCsv(source: AsyncIterable<Uint8Array>, maxBytes = MAX_CRIME_CSV_BYTES): Promise<OpenedCsv> {
  const chunks = source[Symbol.asyncIterator]();
  const parser = new CsvParser();
  const decoder = new TextDecoder("utf-8");
  let bytes = 0;
  let records: CsvRecord[] = [];
  let ended = false;
  try {
    while (records.length === 0) {
      const next = await chunks.next();
      if (next.done) {
        records = [...parser.push(decoder.decode()), ...parser.end()];
        ended = true;
        break;
      }
      bytes += next.value.byteLength;
      if (bytes > maxBytes) throw badRequest(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
      records = parser.push(decoder.decode(next.value, { stream: true }));
      if (records.length === 0 && bytes > 64 * 1024) throw badRequest("No header row in the first 64 KiB: this is not a police.uk street-level crime CSV.");
    }
  } catch (e) {
    if (e instanceof CsvError) throw badRequest(`The file is not valid CSV: ${e.message}.`);
    throw e;
  }
  if (records.length === 0) throw badRequest("The file is empty: expected a police.uk street-level crime CSV with a header row.");
  const [head, ...pending] = records;
  const mapped = mapHeader(head.fields);
  if (!mapped.ok) {
    throw badRequest(`The header row is not police.uk street-level crime format: missing column(s) ${mapped.missing.map((m) => `"${m}"`).join(", ")}.`, [
      { path: "header", message: `missing ${mapped.missing.join(", ")}` },
    ]);
  }
  return { header: mapped.map, width: mapped.width, parser, decoder, pending, chunks, bytes, maxBytes, ended };
}

async function insertBatch(importId: string, rows: CrimeRow[], counts: ImportProgress) {
  const col = <K extends keyof CrimeRow>(k: K) => rows.map((r) => r[k]);
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "CrimeRecord" ("importId", "crimeId", "month", "reportedBy", "fallsWithin", "lng", "lat", "location", "lsoaCode", "lsoaName", "crimeType", "lastOutcome", "context")
      SELECT ${importId}::uuid, * FROM unnest(
        ${col("crimeId")}::text[], ${col("month")}::text[], ${col("reportedBy")}::text[], ${col("fallsWithin")}::text[],
        ${col("lng")}::float8[], ${col("lat")}::float8[], ${col("location")}::text[], ${col("lsoaCode")}::text[],
        ${col("lsoaName")}::text[], ${col("crimeType")}::text[], ${col("lastOutcome")}::text[], ${col("context")}::text[])`;
    await tx.crimeImport.update({
      where: { id: importId },
      data: { rowsRead: counts.rowsRead, rowsAccepted: counts.rowsAccepted, rowsRejected: counts.rowsRejected },
    });
  }, TX_OPTIONS);
}

/**
 * Streams the rest of an opened upload into the database: each row is checked, good rows are
 * inserted in batches (one transaction per batch, which also updates the import's counters so
 * another request can poll them), bad rows are counted and the first STORED_REJECTIONS kept with
 * their line numbers and reasons. The start and the result are audited. A file that breaks off
 * (an unbalanced quote, too large) keeps the rows already imported and records why it stopped.
 */
export async function runCrimeImport(
  opened: OpenedCsv,
  opts: {
    fileName: string;
    user: CurrentUser;
    requestId: string;
    batchSize?: number;
    onProgress?: (p: ImportProgress) => void;
    onReject?: (r: Rejection) => void;
    onStart?: (importId: string) => void;
  },
): Promise<ImportResult> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const created = await db().$transaction(async (tx) => {
    const row = await tx.crimeImport.create({ data: { fileName: opts.fileName, createdById: opts.user.id } });
    await recordAuditEvent(tx, {
      actor: opts.user,
      action: "intel.start_import",
      targetType: "crime_import",
      targetId: row.id,
      details: { fileName: opts.fileName },
      requestId: opts.requestId,
    });
    return row;
  }, TX_OPTIONS);
  opts.onStart?.(created.id);
  // `progress` only ever counts what is committed: rowsAccepted is exactly the rows stored, and
  // rowsRead = rowsAccepted + rowsRejected. Rows waiting in `batch` are counted once it commits.
  const progress: ImportProgress = { importId: created.id, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0 };
  const rejections: Rejection[] = [];
  let batch: { line: number; row: CrimeRow }[] = [];
  let error: string | null = null;
  let stoppedAtLine = null as number | null;

  const take = (records: CsvRecord[]) => {
    for (const rec of records) {
      const parsed = rec.malformed
        ? { ok: false as const, reason: `malformed quoting: ${rec.malformed}` }
        : parseCrimeRow(rec.fields, opened.header, opened.width);
      if (parsed.ok) batch.push({ line: rec.line, row: parsed.row });
      else {
        progress.rowsRead++;
        progress.rowsRejected++;
        const r = { line: rec.line, reason: parsed.reason };
        if (rejections.length < STORED_REJECTIONS) rejections.push(r);
        opts.onReject?.(r);
      }
    }
  };
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    const next = { ...progress, rowsRead: progress.rowsRead + rows.length, rowsAccepted: progress.rowsAccepted + rows.length };
    try {
      await insertBatch(
        created.id,
        rows.map((r) => r.row),
        next,
      );
    } catch (e) {
      stoppedAtLine = rows[0].line;
      throw e;
    }
    Object.assign(progress, next);
    opts.onProgress?.({ ...progress });
  };

  try {
    take(opened.pending);
    opened.pending = [];
    while (!opened.ended) {
      const next = await opened.chunks.next();
      if (next.done) {
        take([...opened.parser.push(opened.decoder.decode()), ...opened.parser.end()]);
        opened.ended = true;
        break;
      }
      opened.bytes += next.value.byteLength;
      if (opened.bytes > opened.maxBytes)
        throw new ImportLimitError(`the file is larger than ${Math.round(opened.maxBytes / 1024 / 1024)} MiB; the rows before were kept`);
      take(opened.parser.push(opened.decoder.decode(next.value, { stream: true })));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (e) {
    if (e instanceof CsvError || e instanceof ImportLimitError) {
      error = e.message;
      if (e instanceof CsvError) stoppedAtLine = e.line;
      // Whatever was parsed before the point it broke off is still written.
      await flush().catch((flushError) => {
        requestLogger(opts.requestId).error(errorFields(flushError), "crime import: storing the last batch failed");
        error = `${e.message}; the rows from line ${stoppedAtLine} on could not be stored`;
      });
    } else {
      requestLogger(opts.requestId).error(errorFields(e), "crime import failed");
      const what = isDatabaseUnavailable(e) ? "the database became unavailable" : "of a server error";
      error = stoppedAtLine
        ? `stopped at line ${stoppedAtLine} because ${what}; the ${progress.rowsAccepted} rows before it were stored, nothing from line ${stoppedAtLine} on`
        : `stopped because ${what}; the ${progress.rowsAccepted} rows before it were stored`;
    }
  }
  const finishedAt = new Date();
  const stored = error ? [...rejections.slice(0, STORED_REJECTIONS - 1), { line: stoppedAtLine ?? 0, reason: `import stopped: ${error}` }] : rejections;
  await db().$transaction(async (tx) => {
    await tx.crimeImport.update({
      where: { id: created.id },
      data: {
        rowsRead: progress.rowsRead,
        rowsAccepted: progress.rowsAccepted,
        rowsRejected: progress.rowsRejected,
        rejections: stored as object[],
        finishedAt,
      },
    });
    await recordAuditEvent(tx, {
      actor: opts.user,
      action: "intel.import",
      outcome: error ? "failed" : "ok",
      targetType: "crime_import",
      targetId: created.id,
      details: {
        fileName: opts.fileName,
        rowsRead: progress.rowsRead,
        rowsAccepted: progress.rowsAccepted,
        rowsRejected: progress.rowsRejected,
        error: error ?? undefined,
      },
      requestId: opts.requestId,
    });
  }, TX_OPTIONS);
  return { ...progress, fileName: opts.fileName, rejections: stored, finishedAt: finishedAt.toISOString(), error, ms: Date.now() - started };
}
