/**
 * Builds the browser side of recognition (outputs are git-ignored):
 *   .vigil/ort/                    onnxruntime-web runtime files, served at `/ort/` by app/ort/[file]/route.ts
 *   public/workers/recognition.js  the module worker (esbuild bundle of lib/recognition/worker/recognition.worker.ts)
 *
 *   tsx scripts/build-worker.ts        (also exported as buildWorker() for scripts/setup.ts)
 *
 * The worker imports `onnxruntime-web` with the `onnxruntime-web-use-extern-wasm` condition
 * (dist/ort.min.mjs: WASM + WebGPU through the JSEP build). That build fetches its Emscripten
 * glue and binary (`ort-wasm-simd-threaded.jsep.mjs/.wasm`) from `ort.env.wasm.wasmPaths`
 * instead of inlining them, which keeps the worker small and lets WASM threads start their
 * pthread workers from `/ort/` rather than from the recognition worker itself. The plain
 * `ort-wasm-simd-threaded.mjs/.wasm` pair (WASM-only builds, `onnxruntime-web/wasm`) is copied too.
 */
import { build } from "esbuild";
import { createRequire } from "node:module";
import { copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ORT_BUILD_DIR, ORT_RUNTIME_FILES } from "../lib/recognition/ort-files";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BuildWorkerOptions {
  root?: string;
  /** Minify the bundle (default true). */
  minify?: boolean;
  log?: (line: string) => void;
}

export interface BuildWorkerResult {
  workerFile: string;
  workerBytes: number;
  ortFiles: string[];
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.size === sb.size && sb.mtimeMs >= sa.mtimeMs;
  } catch {
    return false;
  }
}

export async function buildWorker(opts: BuildWorkerOptions = {}): Promise<BuildWorkerResult> {
  const root = opts.root ?? REPO_ROOT;
  const log = opts.log ?? ((l: string) => console.log(l));
  const require = createRequire(path.join(root, "package.json"));
  // The package's exports map has no "./package.json"; resolve a dist file instead.
  const ortDist = path.dirname(require.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"));

  const ortOut = path.join(root, ORT_BUILD_DIR);
  await mkdir(ortOut, { recursive: true });
  const ortFiles: string[] = [];
  for (const f of ORT_RUNTIME_FILES) {
    const from = path.join(ortDist, f);
    const to = path.join(ortOut, f);
    try {
      await stat(from);
    } catch {
      throw new Error(`onnxruntime-web file ${f} not found in ${ortDist}; is onnxruntime-web installed?`);
    }
    if (!(await sameFile(from, to))) {
      await copyFile(from, to);
      log(`  copied    ${ORT_BUILD_DIR}/${f}`);
    } else {
      log(`  ok        ${ORT_BUILD_DIR}/${f}`);
    }
    ortFiles.push(to);
  }

  const workerFile = path.join(root, "public/workers/recognition.js");
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "lib/recognition/worker/recognition.worker.ts")],
    outfile: workerFile,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    conditions: ["onnxruntime-web-use-extern-wasm"],
    minify: opts.minify ?? true,
    sourcemap: "linked",
    legalComments: "linked",
    logLevel: "silent",
    metafile: true,
  });
  for (const w of result.warnings) log(`  warning   ${w.text}`);
  const workerBytes = result.metafile.outputs[path.relative(root, workerFile)]?.bytes ?? 0;
  log(`  built     public/workers/recognition.js (${Math.round(workerBytes / 1024)} KiB)`);
  return { workerFile, workerBytes, ortFiles };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  buildWorker().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
