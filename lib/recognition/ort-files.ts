/**
 * The onnxruntime-web runtime files the browser loads from `/ort/` (copied there by
 * scripts/build-worker.ts). The default build carries the WebGPU execution provider (JSEP, 28 MB
 * of WASM); the plain one (14 MB) runs WASM only. No imports: the build script reads this too.
 */
export const JSEP_WASM_FILES = { mjs: "ort-wasm-simd-threaded.jsep.mjs", wasm: "ort-wasm-simd-threaded.jsep.wasm" } as const;
export const PLAIN_WASM_FILES = { mjs: "ort-wasm-simd-threaded.mjs", wasm: "ort-wasm-simd-threaded.wasm" } as const;

export const ORT_RUNTIME_FILES: readonly string[] = [JSEP_WASM_FILES.mjs, JSEP_WASM_FILES.wasm, PLAIN_WASM_FILES.mjs, PLAIN_WASM_FILES.wasm];

/**
 * Where scripts/build-worker.ts puts those files, relative to the repository root;
 * app/ort/[file]/route.ts serves them at `/ort/`. (Served from public/, Next.js gzipped the
 * 14 MB `.wasm` again for every request: 0.55 s of server CPU per visit.)
 */
export const ORT_BUILD_DIR = ".vigil/ort";
