import type { Metadata } from "next";
import { RecognitionBench } from "@/components/bench/recognition-bench";
import { PrestartRecognition } from "@/components/recognition/prestart-recognition";

export const metadata: Metadata = { title: "Recognition benchmark" };

/**
 * Public (no data is read or written): measures the recognition worker in this browser on a
 * photo the visitor picks. Used by e2e/recognition-bench.spec.ts for the in-browser figures.
 */
export default function RecognitionBenchPage() {
  return (
    <main className="content">
      <PrestartRecognition />
      <RecognitionBench />
    </main>
  );
}
