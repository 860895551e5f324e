import { describe, expect, it } from "vitest";
import { readTfjsWeights } from "./convert-face-api-model";

describe("reading face-api's TensorFlow.js weights", () => {
  const manifest = [
    {
      paths: ["face_recognition_model.bin"],
      weights: [
        { name: "q", shape: [2, 2], dtype: "float32" as const, quantization: { dtype: "uint8" as const, scale: 0.5, min: -1 } },
        { name: "f", shape: [2], dtype: "float32" as const },
      ],
    },
  ];
  const bin = new Uint8Array(4 + 8);
  bin.set([0, 1, 2, 255]);
  new DataView(bin.buffer).setFloat32(4, 1.25, true);
  new DataView(bin.buffer).setFloat32(8, -3, true);

  it("dequantises uint8 weights (q x scale + min) and reads float32 ones, in file order", () => {
    const w = readTfjsWeights(manifest, bin);
    expect(w.get("q")).toEqual({ shape: [2, 2], data: Float32Array.of(-1, -0.5, 0, 126.5) });
    expect(w.get("f")).toEqual({ shape: [2], data: Float32Array.of(1.25, -3) });
  });

  it("refuses a weights file whose size is not what the manifest describes", () => {
    expect(() => readTfjsWeights(manifest, bin.subarray(0, 11))).toThrow("the manifest describes 12 bytes, the weights file has 11");
  });
});
