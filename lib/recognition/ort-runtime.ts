import * as ort from "onnxruntime-web";
import { encodeOnnxModel } from "./onnx-proto";
import { PLAIN_WASM_FILES } from "./ort-files";
import type { Backend, BackendPreference } from "./types";

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
 * Chooses which build the runtime starts with, before it starts: the plain WASM build (half the
 * bytes; starting it measured 0.9-1.3 s against 3.1 s in this machine's Chromium) when WebGPU
 * will not be used. Returns the build chosen, or null when the choice is no longer open: the
 * runtime has started, or no served folder was configured (Node).
 */
export function selectWasmBuild(webgpu: boolean): "plain" | "jsep" | null {
  if (runtimeStarted || !wasmFolder) return null;
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

// ---------------------------------------------------------------------------------------------
// Starting the runtime early: while the models download.

/**
 * The smallest ONNX model ORT accepts: `y = Identity(x)`, x a float[1] (IR version 8, opset 13),
 * about 60 bytes. Creating a session from it starts the runtime (WASM fetch, compile, instantiate,
 * ORT's own initialisation) before any real model has arrived.
 */
export function identityModel(): Uint8Array {
  return encodeOnnxModel({
    name: "start",
    nodes: [{ op: "Identity", inputs: ["x"], outputs: ["y"] }],
    inputs: [{ name: "x", dims: [1] }],
    outputs: [{ name: "y", dims: [1] }],
  });
}

/** The WebGPU probe per `allowFallbackAdapter` (it does not change within a worker's life). */
const probes = new Map<boolean, ReturnType<typeof probeWebGpu>>();
let runtimeReady: Promise<void> | null = null;

export interface StartedRuntime {
  numThreads: number;
  /** The WebGPU probe, or null when only WASM was asked for. */
  webgpu: Awaited<ReturnType<typeof probeWebGpu>> | null;
}

/**
 * Configures the runtime, probes WebGPU (unless `backend` is "wasm"), picks the WASM build and
 * starts it with a one-node session. Safe to call more than once and concurrently: the runtime
 * starts once. The worker calls it as a load begins, so the runtime starts while the models
 * download; `FaceRecognizer.create` calls it again and finds it done. A failure is the runtime's
 * own error (e.g. its `.wasm` could not be fetched), and it stays: a worker whose runtime failed
 * to start is replaced, not retried.
 */
export async function startRuntime(opts: RuntimeOptions & { backend?: BackendPreference } = {}): Promise<StartedRuntime> {
  const { numThreads } = configureRuntime(opts);
  const pref = opts.backend ?? "auto";
  let webgpu: StartedRuntime["webgpu"] = null;
  if (pref !== "wasm") {
    const allowFallbackAdapter = pref === "webgpu";
    if (!probes.has(allowFallbackAdapter)) probes.set(allowFallbackAdapter, probeWebGpu({ allowFallbackAdapter }));
    webgpu = await probes.get(allowFallbackAdapter)!;
  }
  selectWasmBuild(webgpu?.available ?? false);
  if (!runtimeReady) {
    runtimeStarted = true;
    runtimeReady = ort.InferenceSession.create(identityModel(), sessionOptions("wasm")).then((s) => s.release());
  }
  await runtimeReady;
  return { numThreads, webgpu };
}
