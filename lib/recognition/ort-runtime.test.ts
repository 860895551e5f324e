import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultThreadCount, ort } from "./ort-runtime";

// onnxruntime-web's env is one object for the whole file (vi.resetModules does not renew it).
const servedFolder = ort.env.wasm.wasmPaths;
afterEach(() => {
  ort.env.wasm.wasmPaths = servedFolder;
});

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
    expect(rt.selectWasmBuild(false)).toBeNull();
    expect(rt.ort.env.wasm.wasmPaths).toBe(before);
  });
});

describe("starting the runtime before the models arrive", () => {
  it("the one-node model is a valid ONNX model: y = x", async () => {
    vi.resetModules();
    const rt = await import("./ort-runtime");
    const bytes = rt.identityModel();
    expect(bytes.length).toBeLessThan(100);
    rt.configureRuntime({ numThreads: 1 });
    const s = await rt.ort.InferenceSession.create(bytes, rt.sessionOptions("wasm"));
    expect(s.inputNames).toEqual(["x"]);
    expect(s.outputNames).toEqual(["y"]);
    const out = await s.run({ x: new rt.ort.Tensor("float32", Float32Array.of(0.25), [1]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([0.25]);
    await s.release();
  });

  it("starts once however many loads ask at the same time, and then takes no build choice", async () => {
    vi.resetModules();
    const rt = await import("./ort-runtime");
    const create = vi.spyOn(rt.ort.InferenceSession, "create");
    const started = await Promise.all([rt.startRuntime({ backend: "wasm", numThreads: 1 }), rt.startRuntime({ backend: "wasm", numThreads: 1 })]);
    expect(started.map((s) => s.numThreads)).toEqual([1, 1]);
    expect(started[0].webgpu).toBeNull();
    expect(create).toHaveBeenCalledTimes(1);
    await rt.startRuntime({ backend: "auto" });
    expect(create).toHaveBeenCalledTimes(1);
    // Node: no served folder; and once started, the build cannot change.
    expect(rt.selectWasmBuild(false)).toBeNull();
  });
});
