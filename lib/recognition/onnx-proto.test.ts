import { describe, expect, it } from "vitest";
import { encodeOnnxModel } from "./onnx-proto";
import { configureRuntime, ort, sessionOptions } from "./ort-runtime";

describe("encodeOnnxModel", () => {
  it("writes attributes (ints, int, float) and initializers (float32, int64) that ONNX Runtime runs as written", async () => {
    // x (1..9 as 3x3) → Conv 2x2 [[1,0],[0,1]] + 0.5 → Pad one zero row and column at the end → minus 10 →
    // LeakyRelu(0.25) → mean over H, W.
    const bytes = encodeOnnxModel({
      name: "probe",
      nodes: [
        {
          op: "Conv",
          inputs: ["x", "W", "B"],
          outputs: ["conv"],
          attributes: { kernel_shape: { ints: [2, 2] }, strides: { ints: [1, 1] }, pads: { ints: [0, 0, 0, 0] } },
        },
        { op: "Pad", inputs: ["conv", "pads"], outputs: ["padded"] },
        { op: "Sub", inputs: ["padded", "ten"], outputs: ["shifted"] },
        { op: "LeakyRelu", inputs: ["shifted"], outputs: ["leaky"], attributes: { alpha: { float: 0.25 } } },
        { op: "ReduceMean", inputs: ["leaky"], outputs: ["mean"], attributes: { axes: { ints: [2, 3] }, keepdims: { int: 0 } } },
      ],
      initializers: [
        { name: "W", dims: [1, 1, 2, 2], data: Float32Array.of(1, 0, 0, 1) },
        { name: "B", dims: [1], data: Float32Array.of(0.5) },
        { name: "pads", dims: [8], data: BigInt64Array.of(0n, 0n, 0n, 0n, 0n, 0n, 1n, 1n) },
        { name: "ten", dims: [1], data: Float32Array.of(10) },
      ],
      inputs: [{ name: "x", dims: ["batch", 1, 3, 3] }],
      outputs: [
        { name: "conv", dims: ["batch", 1, 2, 2] },
        { name: "leaky", dims: ["batch", 1, 3, 3] },
        { name: "mean", dims: ["batch", 1] },
      ],
    });
    configureRuntime({ numThreads: 1 });
    const s = await ort.InferenceSession.create(bytes, sessionOptions("wasm"));
    try {
      const x = new ort.Tensor(
        "float32",
        Float32Array.from({ length: 9 }, (_, i) => i + 1),
        [1, 1, 3, 3],
      );
      const out = await s.run({ x });
      expect(Array.from(out.conv.data as Float32Array)).toEqual([6.5, 8.5, 12.5, 14.5]);
      expect(Array.from(out.leaky.data as Float32Array)).toEqual([-0.875, -0.375, -2.5, 2.5, 4.5, -2.5, -2.5, -2.5, -2.5]);
      expect(out.mean.dims).toEqual([1, 1]);
      expect((out.mean.data as Float32Array)[0]).toBeCloseTo(-0.75, 6);
    } finally {
      await s.release();
    }
  });
});
