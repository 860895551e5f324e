/**
 * Prepares what the app serves but the repository does not hold: the ONNX models (copied from
 * ../shared/models or downloaded and checked against their sha256), onnxruntime-web's WASM files
 * and the recognition worker bundle. Idempotent.
 */
import { buildWorker } from "./build-worker";
import { setupModels } from "./setup-models";

export async function setup(log: (line: string) => void = console.log): Promise<void> {
  await setupModels();
  await buildWorker();
  log("setup: models, onnxruntime-web files and the recognition worker are in public/");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setup().catch((error) => {
    console.error(`setup failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
