import { describe, expect, it, vi } from "vitest";
import { defaultThreadCount } from "./ort-runtime";

describe("default WASM thread count (chosen by measuring: bench:recognition --threads N)", () => {
  it("runs one thread on two cores or fewer, where a second thread was slower", () => {
    expect(defaultThreadCount(2, true)).toBe(1);
    expect(defaultThreadCount(1, true)).toBe(1);
    expect(defaultThreadCount(undefined, true)).toBe(1);
  });
  it("uses up to 4 threads on bigger machines, and 1 without SharedArrayBuffer", () => {
    expect(defaultThreadCount(4, true)).toBe(4);
    expect(defaultThreadCount(16, true)).toBe(4);
    expect(defaultThreadCount(16, false)).toBe(1);
  });
});

describe("the runtime's WASM build (plain without WebGPU: half the bytes, a third of the start-up)", () => {
  it("starts the plain build when WebGPU will not be used, the WebGPU-capable one otherwise", async () => {
    vi.resetModules();
    const rt = await import("./ort-runtime");
    rt.configureRuntime({ wasmPaths: "/ort" });
    expect(rt.selectWasmBuild(false)).toBe("plain");
    expect(rt.ort.env.wasm.wasmPaths).toEqual({ mjs: "/ort/ort-wasm-simd-threaded.mjs", wasm: "/ort/ort-wasm-simd-threaded.wasm" });
    expect(rt.selectWasmBuild(true)).toBe("jsep");
    expect(rt.ort.env.wasm.wasmPaths).toBe("/ort/");
  });

  it("leaves Node's runtime alone (no served folder)", async () => {
    vi.resetModules();
    const rt = await import("./ort-runtime");
    rt.configureRuntime({});
    const before = rt.ort.env.wasm.wasmPaths;
    expect(rt.selectWasmBuild(false)).toBe("jsep");
    expect(rt.ort.env.wasm.wasmPaths).toBe(before);
  });
});
