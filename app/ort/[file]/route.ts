import path from "node:path";
import { serveStaticFile } from "@/lib/http/static-file";
import { ORT_BUILD_DIR, ORT_RUNTIME_FILES } from "@/lib/recognition/ort-files";

/**
 * The ONNX runtime's files for the recognition worker (`wasmPaths` "/ort/"), copied there by
 * scripts/build-worker.ts. Served as they are: from public/, Next.js gzipped the 14 MB .wasm for
 * every request (lib/http/static-file.ts). Public, like the pages that load them; not an API.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  return serveStaticFile(request, path.join(/* turbopackIgnore: true */ process.cwd(), ORT_BUILD_DIR), file, ORT_RUNTIME_FILES);
}
