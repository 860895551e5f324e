/** Scan helpers as Node worker threads (tests, benchmarks): the same program the browser runs. */
import { Worker } from "node:worker_threads";
import { SCAN_HELPER_SOURCE, type ScanHelperSpawner } from "../parallel-scan";

export function nodeScanHelperSpawner(): ScanHelperSpawner {
  return (init) => {
    const worker = new Worker(SCAN_HELPER_SOURCE, { eval: true });
    worker.unref();
    worker.postMessage(init);
    return { terminate: () => void worker.terminate() };
  };
}
