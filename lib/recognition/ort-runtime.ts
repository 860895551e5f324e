import * as ort from "onnxruntime-web";
import type { Backend } from "./types";

export { ort };

export interface RuntimeOptions {
  /**
   * WASM threads. Threads need SharedArrayBuffer: in a browser that means a cross-origin
   * isolated page (COOP/COEP); in Node they are always available. Default: browser
   * `defaultThreadCount` (1 on 2 cores, else min(4, cores)) when isolated, else 1; Node: pass `os.availableParallelism()`.
   */
  numThreads?: number;
  /** Where the ORT `.wasm`/`.mjs` files are served (browser), e.g. `/ort/`. */
  wasmPaths?: string;
}

let configured: { numThreads: number } | null = null;
/** The folder the ORT files are served from (browser), as configured. */
let wasmFolder: string | null = null;
/** Set by the first session: the runtime's WASM build is fixed from then on. */
let runtimeStarted = false;

/**
 * The runtime's two builds in `wasmFolder` (scripts/build-worker.ts copies both): the default one
 * carries the WebGPU execution provider (JSEP, 28 MB of WASM); the plain one (14 MB) runs WASM only.
 * Starting the plain one measured 0.9–1.3 s against 3.1 s in this machine's Chromium.
 */
export const PLAIN_WASM_FILES = { mjs: "ort-wasm-simd-threaded.mjs", wasm: "ort-wasm-simd-threaded.wasm" } as const;

/**
 * Chooses which build the runtime starts with, before its first session: the plain WASM build
 * when WebGPU will not be used. Returns the build in force ("jsep" once the runtime has started
 * with it, or where no folder was configured, as in Node).
 */
export function selectWasmBuild(webgpu: boolean): "plain" | "jsep" {
  if (runtimeStarted || !wasmFolder) return runtimeStarted && typeof ort.env.wasm.wasmPaths === "object" ? "plain" : "jsep";
  ort.env.wasm.wasmPaths = webgpu ? wasmFolder : { mjs: wasmFolder + PLAIN_WASM_FILES.mjs, wasm: wasmFolder + PLAIN_WASM_FILES.wasm };
  return webgpu ? "jsep" : "plain";
}

/** Can this context run WASM threads? */
export function threadsAvailable(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } } };
  if (typeof SharedArrayBuffer === "undefined") return false;
  if (g.process?.versions?.node) return true;
  return g.crossOriginIsolated === true;
}

/**
 * WASM threads when the caller does not say: 1 on a machine with 2 cores or fewer, else up to 4.
 * Measured (`npm run bench:recognition -- --threads N`, 2 shared cores): 1 thread ran 5.35 frames/s
 * against 1.84 with 2 threads and loaded in 4.8 s against 6.1 s; the camera, the page and the
 * compositor need the other core, and every extra thread is one more WASM instance to start.
 */
export function defaultThreadCount(hardwareConcurrency: number | undefined, threads = threadsAvailable()): number {
  if (!threads) return 1;
  const hc = hardwareConcurrency ?? 2;
  return hc <= 2 ? 1 : Math.max(1, Math.min(4, hc));
}

function defaultThreads(): number {
  return defaultThreadCount((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency);
}

/**
 * Sets the ORT environment once (ORT reads it when its WASM module first initialises; later
 * changes have no effect). Returns the thread count in effect.
 */
export function configureRuntime(opts: RuntimeOptions = {}): { numThreads: number } {
  if (configured) return configured;
  const numThreads = threadsAvailable() ? Math.max(1, Math.floor(opts.numThreads ?? defaultThreads())) : 1;
  ort.env.wasm.numThreads = numThreads;
  if (opts.wasmPaths) {
    wasmFolder = opts.wasmPaths.endsWith("/") ? opts.wasmPaths : `${opts.wasmPaths}/`;
    ort.env.wasm.wasmPaths = wasmFolder;
  }
  ort.env.logLevel = "error";
  configured = { numThreads };
  return configured;
}

/**
 * Is there a WebGPU adapter worth using? Software adapters (SwiftShader, `isFallbackAdapter`)
 * are refused unless `allowFallbackAdapter`: they run these models 100x slower than WASM.
 */
export async function probeWebGpu(opts: { allowFallbackAdapter?: boolean } = {}): Promise<{ available: boolean; reason?: string; adapter?: string }> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string } };
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(o?: unknown): Promise<Adapter | null> } } }).navigator?.gpu;
  if (!gpu) return { available: false, reason: "navigator.gpu is not available" };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return { available: false, reason: "no WebGPU adapter" };
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture].filter(Boolean).join(" ") || "unknown adapter";
    const software = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe/i.test(name);
    if (software && !opts.allowFallbackAdapter) return { available: false, reason: `WebGPU adapter is software (${name})`, adapter: name };
    return { available: true, adapter: name };
  } catch (e) {
    return { available: false, reason: `requestAdapter failed: ${(e as Error).message}` };
  }
}

export function sessionOptions(backend: Backend): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [backend],
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    enableCpuMemArena: true,
    enableMemPattern: true,
  };
}

export async function createSession(bytes: ArrayBuffer | Uint8Array, backend: Backend): Promise<ort.InferenceSession> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  runtimeStarted = true;
  return ort.InferenceSession.create(data, sessionOptions(backend));
}
