"use client";
import { useEffect, useRef, useState } from "react";
import { defaultModelUrls, type ModelId } from "@/lib/recognition/models";
import { DEFAULT_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import type { BenchResultMessage, ReadyMessage } from "@/lib/recognition/worker/protocol";
import { RecognitionClient } from "@/lib/recognition/worker/recognition-client";

type Phase = "loading" | "ready" | "running" | "done" | "error";

export function RecognitionBench() {
  const client = useRef<RecognitionClient | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [progress, setProgress] = useState<Partial<Record<ModelId, { loaded: number; total: number }>>>({});
  const [ready, setReady] = useState<ReadyMessage | null>(null);
  const [result, setResult] = useState<BenchResultMessage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const c = new RecognitionClient();
    client.current = c;
    const off = c.on("progress", (p) => setProgress((prev) => ({ ...prev, [p.model]: { loaded: p.loaded, total: p.total } })));
    c.load({ models: defaultModelUrls(), backend: "auto", threshold: DEFAULT_MATCH_THRESHOLD })
      .then((r) => {
        setReady(r);
        setPhase("ready");
      })
      .catch((e: Error) => {
        setError(e.message);
        setPhase("error");
      });
    return () => {
      off();
      c.dispose();
      client.current = null;
    };
  }, []);

  async function run(file: File) {
    if (!client.current) return;
    setPhase("running");
    setError(null);
    try {
      const bytes = await file.arrayBuffer();
      const r = await client.current.bench({ kind: "encoded", bytes, mimeType: file.type }, 20, [10_000, 100_000]);
      setResult(r);
      setPhase("done");
    } catch (e) {
      setError((e as Error).message);
      setPhase("error");
    }
  }

  const json =
    result && ready
      ? JSON.stringify({
          ...result,
          crossOriginIsolated: self.crossOriginIsolated,
          backendReason: ready.backendReason,
          loadMs: ready.loadMs,
          fetchMs: ready.fetchMs,
          createMs: ready.createMs,
          warmupMs: ready.warmupMs,
        })
      : null;

  return (
    <section className="card stack" aria-labelledby="bench-title">
      <h1 id="bench-title">Recognition benchmark (this browser)</h1>
      <p className="muted">
        Runs face detection, alignment, embedding and matching in the recognition Web Worker, 20 times on one photo, and reports the median of each stage.
        Nothing is uploaded.
      </p>
      {phase === "loading" && (
        <div aria-live="polite">
          <p>Loading models…</p>
          {Object.entries(progress).map(([model, p]) => (
            <label key={model}>
              {model}
              <progress className="progress" max={p!.total || 1} value={p!.total ? p!.loaded : 0} />
            </label>
          ))}
        </div>
      )}
      {ready && (
        <p data-testid="bench-ready">
          Ready: back end <strong>{ready.backend}</strong>, {ready.numThreads} thread(s), cross-origin isolated: {String(self.crossOriginIsolated)}. Models
          loaded in {ready.loadMs.toFixed(0)} ms (models {ready.fetchMs.toFixed(0)} ms, runtime and sessions {ready.createMs.toFixed(0)} ms), warm-up{" "}
          {ready.warmupMs.toFixed(0)} ms.{ready.prepared && " The runtime and the models were started while the page loaded, before these timings began."}
        </p>
      )}
      <label>
        Photo with one face
        <input
          type="file"
          accept="image/jpeg,image/png"
          disabled={phase === "loading" || phase === "running"}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void run(file);
          }}
        />
      </label>
      {phase === "running" && <p aria-busy="true">Running…</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <>
          <table className="table">
            <caption className="muted">
              Median ms over {result.runs} runs, {result.faces} face(s)
            </caption>
            <tbody>
              {Object.entries(result.median).map(([stage, ms]) => (
                <tr key={stage}>
                  <th scope="row">{stage}</th>
                  <td>{Number(ms).toFixed(1)}</td>
                </tr>
              ))}
              {Object.entries(result.matchMs).map(([size, ms]) => (
                <tr key={size}>
                  <th scope="row">match, {Number(size).toLocaleString("en-GB")} entries</th>
                  <td>{ms.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <pre data-testid="bench-json" className="muted">
            {json}
          </pre>
        </>
      )}
    </section>
  );
}
