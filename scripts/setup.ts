/**
 * Prepares what the app serves but the repository does not hold: the ONNX models (copied from
 * ../shared/models or downloaded and checked against their sha256), onnxruntime-web's WASM files
 * and the recognition worker bundle. Idempotent.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { buildWorker } from "./build-worker";
import { setupModels } from "./setup-models";

export async function setup(log: (line: string) => void = console.log): Promise<void> {
  await setupModels();
  await buildWorker();
  // The offline basemap: land outlines from the world-atlas package (Natural Earth, public domain).
  await mkdir("public/basemap", { recursive: true });
  await copyFile("node_modules/world-atlas/land-50m.json", "public/basemap/land-50m.json");
  log("setup: models and the recognition worker are in public/, onnxruntime-web's files in .vigil/ort/");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setup().catch((error) => {
    console.error(`setup failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
