/**
 * The int8 scan on several threads at once, still synchronous for its caller.
 *
 * At 2,000,000 rows one scan reads 256 MB and one core's memory bandwidth bounds it (a relaxed-SIMD
 * int8 dot product that halves the instructions measured 5% faster: the loop waits on memory, not
 * arithmetic). Two threads reading two halves measured 1.8x faster. So the recognition worker keeps
 * the kernel's rows in a SHARED WebAssembly memory, and helper threads instantiate the same kernel
 * module over it. Per scan, the caller writes each helper's share into that helper's control block,
 * wakes it with Atomics.notify, scans the first share itself, then Atomics.waits for the helpers.
 * Atomics.wait blocks, which a worker (and Node) may do but a page's main thread may not: only the
 * recognition worker hands a spawner in.
 *
 * Safety: the scan result never depends on the helpers. A helper that has not started yet gets no
 * share; one that does not answer within HELPER_TIMEOUT_MS is written off and its share scanned
 * here. Scores land in disjoint ranges of the shared output; the maxima come back through the
 * control block.
 */
import { buildInt8ScanModule, type Int8ScanKernel } from "./wasm/int8-scan-kernel";

/** Control blocks follow the int16 query in the kernel's 1,024-byte header. */
export const CTRL_PTR = 256;
const CTRL_BYTES = 64;
/** At most this many helper threads (the header has room for them). */
export const MAX_SCAN_HELPERS = 3;
/** Below this many rows one thread is fast enough (a wake-up costs ~0.1 ms). */
export const PARALLEL_MIN_ROWS = 65_536;
const HELPER_TIMEOUT_MS = 2_000;

// Int32 slots of a control block (f32 slots share the same indices).
const SEQ = 0;
const DONE = 1;
const READY = 2;
const QUIT = 3;
const P_ROWS = 4;
const P_SCALES = 5;
const P_OUT = 6;
const P_BLOCKS = 7;
const P_QSCALE = 8; // f32
const P_MAX = 9; // f32

/** What a helper thread is sent as its first message. */
export interface ScanHelperInit {
  /** The kernel module's bytes (shared-memory variant; ~1.3 KB, compiled in the helper). */
  moduleBytes: Uint8Array;
  memory: WebAssembly.Memory;
  ctrlPtr: number;
}

export interface ScanHelperHandle {
  terminate(): void;
}

/** Starts a thread running SCAN_HELPER_SOURCE and posts it `init`; null when threads are unavailable. */
export type ScanHelperSpawner = (init: ScanHelperInit) => ScanHelperHandle | null;

/**
 * The helper thread's program, as source (a Blob URL worker in a browser, an eval worker in Node).
 * Plain JS in a string so no bundler or test transform can rewrite it.
 */
export const SCAN_HELPER_SOURCE = `"use strict";
function run(init) {
  const memory = init.memory;
  const scan = new WebAssembly.Instance(new WebAssembly.Module(init.moduleBytes), { env: { memory } }).exports.scan;
  const i32 = new Int32Array(memory.buffer, init.ctrlPtr, ${CTRL_BYTES / 4});
  const f32 = new Float32Array(memory.buffer, init.ctrlPtr, ${CTRL_BYTES / 4});
  let seen = Atomics.load(i32, ${SEQ});
  Atomics.store(i32, ${READY}, 1);
  for (;;) {
    Atomics.wait(i32, ${SEQ}, seen);
    if (Atomics.load(i32, ${QUIT}) !== 0) return;
    const seq = Atomics.load(i32, ${SEQ});
    if (seq === seen) continue;
    seen = seq;
    f32[${P_MAX}] = scan(i32[${P_ROWS}], i32[${P_SCALES}], i32[${P_OUT}], i32[${P_BLOCKS}], f32[${P_QSCALE}]);
    Atomics.store(i32, ${DONE}, seq);
    Atomics.notify(i32, ${DONE});
  }
}
if (typeof WorkerGlobalScope !== "undefined") {
  self.onmessage = (e) => { self.onmessage = null; run(e.data); self.close(); };
} else {
  const { parentPort } = require("node:worker_threads");
  parentPort.once("message", (init) => { run(init); parentPort.close(); });
}
`;

interface Helper {
  handle: ScanHelperHandle;
  i32: Int32Array;
  f32: Float32Array;
  alive: boolean;
}

export class ParallelScan {
  private readonly helpers: Helper[] = [];
  private seq = 0;

  constructor(
    private readonly kernel: Int8ScanKernel,
    spawn: ScanHelperSpawner,
    helperCount: number,
    private readonly timeoutMs = HELPER_TIMEOUT_MS,
  ) {
    const buffer = kernel.memory.buffer;
    if (typeof SharedArrayBuffer === "undefined" || !(buffer instanceof SharedArrayBuffer)) return;
    const moduleBytes = buildInt8ScanModule({ shared: true });
    for (let h = 0; h < Math.min(helperCount, MAX_SCAN_HELPERS); h++) {
      const ctrlPtr = CTRL_PTR + h * CTRL_BYTES;
      const i32 = new Int32Array(buffer, ctrlPtr, CTRL_BYTES / 4);
      i32.fill(0);
      let handle: ScanHelperHandle | null = null;
      try {
        handle = spawn({ moduleBytes, memory: kernel.memory, ctrlPtr });
      } catch {
        handle = null;
      }
      if (handle) this.helpers.push({ handle, i32, f32: new Float32Array(buffer, ctrlPtr, CTRL_BYTES / 4), alive: true });
    }
  }

  /** Threads a scan would use now: this one plus the helpers that have started and still answer. */
  get threads(): number {
    return 1 + this.ready().length;
  }

  private ready(): Helper[] {
    return this.helpers.filter((h) => h.alive && Atomics.load(h.i32, READY) === 1);
  }

  /** kernel.scan over `blocks` groups of 4 rows, split between this thread and the ready helpers. */
  scan(rowsPtr: number, scalesPtr: number, outPtr: number, blocks: number, qScale: number): number {
    const helpers = this.ready();
    if (helpers.length === 0 || blocks < 2) return this.kernel.scan(rowsPtr, scalesPtr, outPtr, blocks, qScale);
    const share = Math.ceil(blocks / (helpers.length + 1));
    const seq = ++this.seq;
    const sent: { helper: Helper; start: number; count: number }[] = [];
    let start = share;
    for (const helper of helpers) {
      const count = Math.min(share, blocks - start);
      if (count <= 0) break;
      const { i32, f32 } = helper;
      i32[P_ROWS] = rowsPtr + start * 4 * 128;
      i32[P_SCALES] = scalesPtr + start * 16;
      i32[P_OUT] = outPtr + start * 16;
      i32[P_BLOCKS] = count;
      f32[P_QSCALE] = qScale;
      Atomics.store(i32, SEQ, seq);
      Atomics.notify(i32, SEQ);
      sent.push({ helper, start, count });
      start += count;
    }
    let max = this.kernel.scan(rowsPtr, scalesPtr, outPtr, Math.min(share, blocks), qScale);
    for (const { helper, start: from, count } of sent) {
      const deadline = performance.now() + this.timeoutMs;
      let done: number;
      while ((done = Atomics.load(helper.i32, DONE)) !== seq) {
        const left = deadline - performance.now();
        if (left <= 0 || Atomics.wait(helper.i32, DONE, done, left) === "timed-out") break;
      }
      if (Atomics.load(helper.i32, DONE) === seq) {
        max = Math.max(max, helper.f32[P_MAX]);
      } else {
        // Written off and terminated (an engine stops a terminated worker at its next loop
        // back-edge, so it cannot go on writing into a later scan's scores); its share is scanned
        // here, over whatever it may have written for this same query.
        this.retire(helper);
        max = Math.max(max, this.kernel.scan(rowsPtr + from * 4 * 128, scalesPtr + from * 16, outPtr + from * 16, count, qScale));
      }
    }
    return max;
  }

  private retire(h: Helper): void {
    if (!h.alive) return;
    h.alive = false;
    Atomics.store(h.i32, QUIT, 1);
    Atomics.store(h.i32, SEQ, ++this.seq);
    Atomics.notify(h.i32, SEQ);
    try {
      h.handle.terminate();
    } catch {
      // already gone
    }
  }

  dispose(): void {
    for (const h of this.helpers) this.retire(h);
    this.helpers.length = 0;
  }
}

/** A spawner for browser workers (a Blob URL of SCAN_HELPER_SOURCE); null where Worker is missing. */
export function browserScanHelperSpawner(): ScanHelperSpawner | null {
  if (typeof Worker === "undefined" || typeof Blob === "undefined" || typeof URL?.createObjectURL !== "function") return null;
  let url: string | null = null;
  return (init) => {
    url ??= URL.createObjectURL(new Blob([SCAN_HELPER_SOURCE], { type: "text/javascript" }));
    const worker = new Worker(url, { name: "vigil-scan-helper" });
    worker.postMessage(init);
    return { terminate: () => worker.terminate() };
  };
}
