"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { errorMessage, readApiError } from "@/lib/client/api";
import { importLineSchema, type ImportLine, type ImportResult } from "@/lib/intel/intel-schemas";
import { Pager } from "./pager";
import { invalidateIntel } from "./queries";

type ImportState =
  | { phase: "idle" }
  | { phase: "running"; fileName: string; rowsRead: number; rowsAccepted: number; rowsRejected: number }
  | { phase: "done"; result: ImportResult }
  | { phase: "failed"; message: string };

const REJECTIONS_PAGE = 10;

/** Streams a CSV to the import route and reports each NDJSON progress line. */
async function uploadCsv(file: Blob, fileName: string, onLine: (line: ImportLine) => void): Promise<void> {
  const response = await fetch(`/api/intel/imports?fileName=${encodeURIComponent(fileName)}`, {
    method: "POST",
    body: file,
    headers: { "content-type": "text/csv" },
    credentials: "same-origin",
  });
  if (!response.ok || !response.body) throw await readApiError(response, `Upload failed (${response.status}).`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) onLine(importLineSchema.parse(JSON.parse(line)));
    }
  }
}

/** Import a police.uk street-level crime CSV (or the bundled sample), with progress and the rejected lines. */
export function CrimeImport() {
  const qc = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<ImportState>({ phase: "idle" });
  const [rejectPage, setRejectPage] = useState(0);

  async function runImport(file: Blob, fileName: string) {
    setState({ phase: "running", fileName, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0 });
    setRejectPage(0);
    try {
      let finished = false;
      await uploadCsv(file, fileName, (line) => {
        if (line.type === "progress")
          setState({ phase: "running", fileName, rowsRead: line.rowsRead, rowsAccepted: line.rowsAccepted, rowsRejected: line.rowsRejected });
        else if (line.type === "done") {
          finished = true;
          setState({ phase: "done", result: line.result });
        } else if (line.type === "error") {
          finished = true;
          setState({ phase: "failed", message: line.message });
        }
      });
      if (!finished) setState({ phase: "failed", message: "The connection closed before the import finished; reload to see how far it got." });
    } catch (e) {
      setState({ phase: "failed", message: errorMessage(e) });
    }
    await invalidateIntel(qc);
  }

  async function importSample() {
    const r = await fetch("/samples/crime-sample.csv");
    if (!r.ok) {
      setState({ phase: "failed", message: "The sample file could not be loaded." });
      return;
    }
    await runImport(await r.blob(), "crime-sample.csv");
  }

  const running = state.phase === "running";
  return (
    <section className="card stack" aria-labelledby="import-title">
      <h3 id="import-title">Import street-level crime</h3>
      <p className="muted">
        A police.uk street-level crime CSV (one force, one month). Rows are checked as the file streams in; bad rows are listed with their line numbers and the
        good ones kept.
      </p>
      <div className="row">
        <label>
          CSV file
          <input ref={fileInput} type="file" accept=".csv,text/csv" name="crimeCsv" disabled={running} />
        </label>
        <button
          type="button"
          disabled={running}
          onClick={() => {
            const f = fileInput.current?.files?.[0];
            if (!f) setState({ phase: "failed", message: "Choose a CSV file first." });
            else void runImport(f, f.name);
          }}
        >
          Import file
        </button>
        <button type="button" className="secondary" disabled={running} onClick={() => void importSample()}>
          Import the sample file
        </button>
      </div>
      {state.phase === "running" && (
        <div role="status" aria-live="polite">
          <progress className="progress" aria-label="Import in progress" />
          <p data-testid="import-progress">
            Importing {state.fileName}: {state.rowsRead.toLocaleString("en-GB")} rows processed ({state.rowsAccepted.toLocaleString("en-GB")} kept,{" "}
            {state.rowsRejected} rejected)…
          </p>
        </div>
      )}
      {state.phase === "failed" && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
      {state.phase === "done" && (
        <div role="status" className="stack">
          <p data-testid="import-result" className={state.result.error ? "warn" : "ok"}>
            {state.result.fileName}: {state.result.rowsRead.toLocaleString("en-GB")} rows processed, {state.result.rowsAccepted.toLocaleString("en-GB")}{" "}
            imported, {state.result.rowsRejected} rejected
            {state.result.error ? ` — stopped: ${state.result.error}` : ""} ({(state.result.ms / 1000).toFixed(1)} s).
          </p>
          {state.result.rejections.length > 0 && (
            <table className="table compact">
              <caption className="muted">
                Rejected lines
                {state.result.rowsRejected > state.result.rejections.length
                  ? ` (the first ${state.result.rejections.length} of ${state.result.rowsRejected})`
                  : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {state.result.rejections.slice(rejectPage * REJECTIONS_PAGE, (rejectPage + 1) * REJECTIONS_PAGE).map((r) => (
                  <tr key={`${r.line}-${r.reason}`}>
                    <td>{r.line || "—"}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {state.result.rejections.length > REJECTIONS_PAGE && (
            <Pager page={rejectPage} pages={Math.ceil(state.result.rejections.length / REJECTIONS_PAGE)} onPage={setRejectPage} label="Rejected lines" />
          )}
        </div>
      )}
    </section>
  );
}
