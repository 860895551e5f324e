import { afterEach, describe, expect, it, vi } from "vitest";
import { randomUnitVectors } from "./benchmark";
import { nodeScanHelperSpawner } from "./node/scan-helper-node";
import { CTRL_PTR, ParallelScan, type ScanHelperSpawner } from "./parallel-scan";
import { KERNEL_DIM, KERNEL_HEADER_BYTES, QUERY_PTR, instantiateInt8ScanKernelSync, type Int8ScanKernel } from "./wasm/int8-scan-kernel";

/** A shared kernel over `n` random int8 rows (n a multiple of 4), with a random int16 query. */
function sharedKernel(n: number, seed: number) {
  const scalesPtr = KERNEL_HEADER_BYTES;
  const rowsPtr = scalesPtr + n * 4;
  const outPtr = rowsPtr + n * KERNEL_DIM;
  const kernel = instantiateInt8ScanKernelSync(outPtr + n * 4, { shared: true });
  if (!kernel) throw new Error("shared WebAssembly memory unavailable in this Node");
  const v = randomUnitVectors(n, KERNEL_DIM, seed);
  const rows = new Int8Array(kernel.memory.buffer, rowsPtr, n * KERNEL_DIM);
  for (let i = 0; i < rows.length; i++) rows[i] = Math.round(v[i] * 300);
  kernel.norms(rowsPtr, scalesPtr, n);
  const q = randomUnitVectors(1, KERNEL_DIM, seed + 1);
  const query = new Int16Array(kernel.memory.buffer, QUERY_PTR, KERNEL_DIM);
  for (let k = 0; k < KERNEL_DIM; k++) query[k] = Math.round(q[k] * 30_000);
  const out = () => new Float32Array(kernel.memory.buffer, outPtr, n).slice();
  return { kernel, scalesPtr, rowsPtr, outPtr, blocks: n / 4, out };
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

let scans: ParallelScan[] = [];
afterEach(() => {
  scans.forEach((s) => s.dispose());
  scans = [];
});

describe("ParallelScan: the int8 scan split over helper threads", () => {
  it("gives the single-thread scores and maximum with 1 and 3 helper threads", async () => {
    const k = sharedKernel(40_000, 5);
    const maxAlone = k.kernel.scan(k.rowsPtr, k.scalesPtr, k.outPtr, k.blocks, 1e-4);
    const alone = k.out();
    for (const helpers of [1, 3]) {
      new Float32Array(k.kernel.memory.buffer, k.outPtr, 40_000).fill(Number.NaN);
      const p = new ParallelScan(k.kernel, nodeScanHelperSpawner(), helpers);
      scans.push(p);
      await until(() => p.threads === helpers + 1);
      expect(p.scan(k.rowsPtr, k.scalesPtr, k.outPtr, k.blocks, 1e-4)).toBe(maxAlone);
      expect(k.out()).toEqual(alone);
      // again, with another scale: helpers take each new request
      expect(p.scan(k.rowsPtr, k.scalesPtr, k.outPtr, k.blocks, 2e-4)).toBeCloseTo(2 * maxAlone, 6);
    }
  });

  it("scans alone while helpers have not started, and writes off one that stops answering", async () => {
    const k = sharedKernel(4_000, 9);
    const maxAlone = k.kernel.scan(k.rowsPtr, k.scalesPtr, k.outPtr, k.blocks, 1e-4);
    const alone = k.out();
    const terminate = vi.fn();
    // A "helper" that never runs: the scan must not wait for it...
    const silent: ScanHelperSpawner = () => ({ terminate });
    const p = new ParallelScan(k.kernel, silent, 1, 200);
    scans.push(p);
    expect(p.threads).toBe(1);
    expect(p.scan(k.rowsPtr, k.scalesPtr, k.outPtr, k.blocks, 1e-4)).toBe(maxAlone);
    // ...and once it claims to be ready but never answers, the scan waits 200 ms, scans its share
    // itself and never sends it work again.
    Atomics.store(new Int32Array(k.kernel.memory.buffer, CTRL_PTR, 16), 2, 1);
    expect(p.threads).toBe(2);
    new Float32Array(k.kernel.memory.buffer, k.outPtr, 4_000).fill(Number.NaN);
    const t0 = performance.now();
    expect(p.scan(k.rowsPtr, k.scalesPtr, k.outPtr, k.blocks, 1e-4)).toBe(maxAlone);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
    expect(k.out()).toEqual(alone);
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(p.threads).toBe(1);
  });

  it("does nothing with threads over an unshared memory", () => {
    const kernel = instantiateInt8ScanKernelSync(KERNEL_HEADER_BYTES + 4 * 136) as Int8ScanKernel;
    const spawn = vi.fn();
    const p = new ParallelScan(kernel, spawn, 2);
    expect(spawn).not.toHaveBeenCalled();
    expect(p.threads).toBe(1);
  });

  it("stops its helper threads on dispose", async () => {
    const k = sharedKernel(4_000, 11);
    const p = new ParallelScan(k.kernel, nodeScanHelperSpawner(), 2);
    await until(() => p.threads === 3);
    p.dispose();
    expect(p.threads).toBe(1);
    const quit = [0, 1].map((h) => Atomics.load(new Int32Array(k.kernel.memory.buffer, CTRL_PTR + 64 * h, 16), 3));
    expect(quit).toEqual([1, 1]);
  });
});
