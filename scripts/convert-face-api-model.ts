/**
 * Converts face-api.js's face-recognition network (Davis King's dlib ResNet, ported to TensorFlow.js
 * weights) into an ONNX model Vigil's pipeline can run as a "bring your own model" entry:
 *
 *   npm pack @vladmandic/face-api && tar xzf vladmandic-face-api-*.tgz
 *   npx tsx scripts/convert-face-api-model.ts --weights package/model --out public/models/face_api_recognition.onnx
 *
 * It prints the file's size and SHA-256 for its manifest entry (docs/recognition.md, "Bring your
 * own model", gives the whole entry and what the model measured on lfw-dev).
 *
 * The graph is face-api's `FaceRecognitionNet.forwardInput`, NCHW: each conv's bias and its
 * "scale" layer (x * w + b) are folded into the conv; residual blocks add their input (down blocks:
 * 2x2 average-pooled, zero-padded to the block's channels, and the conv path zero-padded by one
 * row and column where tfjs's 'valid' arithmetic left it one short); global mean; 256 x 128 matmul.
 * The input is the 150 x 150 RGB crop as (pixel - [122.782, 117.001, 104.298]) / 255.
 * Checked once against face-api's own TensorFlow.js forward pass in Chromium, on the same
 * 150 x 150 input: cosine 1.0000000, largest difference 2.8e-7.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { encodeOnnxModel, type OnnxInitializer, type OnnxNodeSpec } from "../lib/recognition/onnx-proto";

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: "float32";
  quantization?: { dtype: "uint8"; scale: number; min: number };
}

/** The weights of a tfjs weights manifest, in file order; uint8-quantised ones dequantised (q * scale + min). */
export function readTfjsWeights(
  manifest: { paths: string[]; weights: ManifestWeight[] }[],
  bin: Uint8Array,
): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  const all = manifest.flatMap((g) => g.weights);
  const size = (w: ManifestWeight) => w.shape.reduce((a, b) => a * b, 1) * (w.quantization ? 1 : 4);
  const expected = all.reduce((n, w) => n + size(w), 0);
  if (expected !== bin.length) throw new Error(`the manifest describes ${expected} bytes, the weights file has ${bin.length}`);
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let at = 0;
  for (const w of all) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (w.quantization) {
      if (w.quantization.dtype !== "uint8") throw new Error(`${w.name}: ${w.quantization.dtype} quantisation is not supported`);
      for (let i = 0; i < n; i++) data[i] = bin[at + i] * w.quantization.scale + w.quantization.min;
      at += n;
    } else {
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(at + 4 * i, true);
      at += 4 * n;
    }
    out.set(w.name, { shape: w.shape, data });
  }
  return out;
}

export function faceApiRecognitionOnnx(weights: Map<string, { shape: number[]; data: Float32Array }>): Uint8Array {
  const nodes: OnnxNodeSpec[] = [];
  const initializers: OnnxInitializer[] = [];
  let k = 0;
  const fresh = (p: string) => `${p}_${k++}`;
  const get = (name: string) => {
    const w = weights.get(name);
    if (!w) throw new Error(`weight ${name} is missing: is this face-api's face_recognition_model?`);
    return w;
  };

  /** tfjs conv2d + bias + scale layer, folded: W' = W * s per output channel, b' = bias * s + b; [kh,kw,in,out] → [out,in,kh,kw]. */
  const conv = (x: string, p: string, stride: number, pad: number, relu: boolean): string => {
    const f = get(`${p}/conv/filters`);
    const bias = get(`${p}/conv/bias`).data;
    const sw = get(`${p}/scale/weights`).data;
    const sb = get(`${p}/scale/biases`).data;
    const [kh, kw, cin, cout] = f.shape;
    const w = new Float32Array(cout * cin * kh * kw);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < cin; i++)
          for (let o = 0; o < cout; o++) w[((o * cin + i) * kh + y) * kw + xx] = f.data[((y * kw + xx) * cin + i) * cout + o] * sw[o];
    initializers.push({ name: `${p}/W`, dims: [cout, cin, kh, kw], data: w });
    initializers.push({ name: `${p}/B`, dims: [cout], data: Float32Array.from(bias, (b, o) => b * sw[o] + sb[o]) });
    const y = op("Conv", [x, `${p}/W`, `${p}/B`], {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [stride, stride] },
      pads: { ints: [pad, pad, pad, pad] },
    });
    return relu ? op("Relu", [y]) : y;
  };
  const op = (name: string, inputs: string[], attributes?: OnnxNodeSpec["attributes"]): string => {
    const y = fresh(name.toLowerCase());
    nodes.push({ op: name, inputs, outputs: [y], attributes });
    return y;
  };
  /** Zero padding at the end of each axis (NCHW), as an int64 `pads` input. */
  const padEnd = (x: string, ends: [c: number, h: number, w: number]): string => {
    const pads = fresh("pads");
    initializers.push({ name: pads, dims: [8], data: BigInt64Array.from([0, 0, 0, 0, 0, ...ends].map(BigInt)) });
    return op("Pad", [x, pads]);
  };
  const residual = (x: string, p: string): string => op("Relu", [op("Add", [conv(conv(x, `${p}/conv1`, 1, 1, true), `${p}/conv2`, 1, 1, false), x])]);
  /** A down block; returns its output and side. tfjs 'valid': the conv gives floor((h-3)/2)+1, the pool floor(h/2). */
  const residualDown = (x: string, p: string, side: number): [string, number] => {
    let out = conv(conv(x, `${p}/conv1`, 2, 0, true), `${p}/conv2`, 1, 1, false);
    const convSide = Math.floor((side - 3) / 2) + 1;
    const poolSide = Math.floor(side / 2);
    if (convSide !== poolSide) out = padEnd(out, [0, poolSide - convSide, poolSide - convSide]);
    let pooled = op("AveragePool", [x], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } });
    const [, , cin, cout] = get(`${p}/conv1/conv/filters`).shape;
    if (cin !== cout) pooled = padEnd(pooled, [cout - cin, 0, 0]);
    return [op("Relu", [op("Add", [pooled, out])]), poolSide];
  };

  let x = conv("input", "conv32_down", 2, 0, true); // 150 → 72
  x = op("MaxPool", [x], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] } }); // → 35
  let side = 35;
  for (const p of ["conv32_1", "conv32_2", "conv32_3"]) x = residual(x, p);
  [x, side] = residualDown(x, "conv64_down", side);
  for (const p of ["conv64_1", "conv64_2", "conv64_3"]) x = residual(x, p);
  [x, side] = residualDown(x, "conv128_down", side);
  for (const p of ["conv128_1", "conv128_2"]) x = residual(x, p);
  [x, side] = residualDown(x, "conv256_down", side);
  for (const p of ["conv256_1", "conv256_2"]) x = residual(x, p);
  [x, side] = residualDown(x, "conv256_down_out", side);
  const pooled = op("ReduceMean", [x], { axes: { ints: [2, 3] }, keepdims: { int: 0 } });
  const fc = get("fc");
  initializers.push({ name: "fc", dims: fc.shape, data: fc.data });
  nodes.push({ op: "MatMul", inputs: [pooled, "fc"], outputs: ["embedding"] });
  return encodeOnnxModel({
    name: "face_api_face_recognition",
    nodes,
    initializers,
    inputs: [{ name: "input", dims: ["batch", 3, 150, 150] }],
    outputs: [{ name: "embedding", dims: ["batch", fc.shape[1]] }],
  });
}

async function main() {
  const { values } = parseArgs({ options: { weights: { type: "string" }, out: { type: "string" } } });
  if (!values.weights || !values.out) throw new Error("usage: convert-face-api-model.ts --weights <face-api model dir> --out <file.onnx>");
  const manifest = JSON.parse(readFileSync(path.join(values.weights, "face_recognition_model-weights_manifest.json"), "utf8"));
  const bin = readFileSync(path.join(values.weights, "face_recognition_model.bin"));
  const bytes = faceApiRecognitionOnnx(readTfjsWeights(manifest, bin));
  writeFileSync(values.out, bytes);
  console.log(`${values.out}: ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
