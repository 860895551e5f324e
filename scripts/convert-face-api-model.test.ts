import { describe, expect, it } from "vitest";
import { configureRuntime, ort, sessionOptions } from "../lib/recognition/ort-runtime";
import { faceApiRecognitionOnnx, readTfjsWeights } from "./convert-face-api-model";

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

/**
 * face-api's forward pass (FaceRecognitionNet.forwardInput, residualLayer.ts, convLayer.ts), written
 * again in plain TypeScript on NHWC arrays, tfjs's padding arithmetic included: the converted graph
 * must give what this gives, on random weights of the real shapes.
 */
type T = { h: number; w: number; c: number; d: Float32Array };
type Weights = Map<string, { shape: number[]; data: Float32Array }>;

function conv2d(x: T, f: { shape: number[]; data: Float32Array }, stride: number, padding: "same" | "valid"): T {
  const [kh, kw, cin, cout] = f.shape;
  const h = padding === "same" ? Math.ceil(x.h / stride) : Math.ceil((x.h - kh + 1) / stride);
  const w = padding === "same" ? Math.ceil(x.w / stride) : Math.ceil((x.w - kw + 1) / stride);
  const pt = padding === "same" ? Math.floor(Math.max(0, (h - 1) * stride + kh - x.h) / 2) : 0;
  const pl = padding === "same" ? Math.floor(Math.max(0, (w - 1) * stride + kw - x.w) / 2) : 0;
  const d = new Float32Array(h * w * cout);
  for (let oy = 0; oy < h; oy++)
    for (let ox = 0; ox < w; ox++)
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * stride + ky - pt;
        if (iy < 0 || iy >= x.h) continue;
        for (let kx = 0; kx < kw; kx++) {
          const ix = ox * stride + kx - pl;
          if (ix < 0 || ix >= x.w) continue;
          for (let i = 0; i < cin; i++) {
            const v = x.d[(iy * x.w + ix) * cin + i];
            const fo = ((ky * kw + kx) * cin + i) * cout;
            const oo = (oy * w + ox) * cout;
            for (let o = 0; o < cout; o++) d[oo + o] += v * f.data[fo + o];
          }
        }
      }
  return { h, w, c: cout, d };
}
const perChannel = (x: T, fn: (v: number, ch: number) => number): T => ({ ...x, d: x.d.map((v, i) => fn(v, i % x.c)) });
function convLayer(x: T, W: Weights, p: string, stride: number, relu: boolean, padding: "same" | "valid" = "same"): T {
  const bias = W.get(`${p}/conv/bias`)!.data;
  const sw = W.get(`${p}/scale/weights`)!.data;
  const sb = W.get(`${p}/scale/biases`)!.data;
  const out = perChannel(conv2d(x, W.get(`${p}/conv/filters`)!, stride, padding), (v, ch) => (v + bias[ch]) * sw[ch] + sb[ch]);
  return relu ? perChannel(out, (v) => Math.max(0, v)) : out;
}
function pool(x: T, k: number, s: number, kind: "max" | "avg"): T {
  const h = Math.ceil((x.h - k + 1) / s);
  const w = Math.ceil((x.w - k + 1) / s);
  const d = new Float32Array(h * w * x.c);
  for (let oy = 0; oy < h; oy++)
    for (let ox = 0; ox < w; ox++)
      for (let ch = 0; ch < x.c; ch++) {
        let acc = kind === "max" ? -Infinity : 0;
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const v = x.d[((oy * s + ky) * x.w + ox * s + kx) * x.c + ch];
            acc = kind === "max" ? Math.max(acc, v) : acc + v / (k * k);
          }
        d[(oy * w + ox) * x.c + ch] = acc;
      }
  return { h, w, c: x.c, d };
}
/** tf.concat with zeros: to h x w x c, the new rows, columns and channels zero. */
function zeroExtend(x: T, h: number, w: number, c: number): T {
  const d = new Float32Array(h * w * c);
  for (let y = 0; y < x.h; y++) for (let xx = 0; xx < x.w; xx++) for (let ch = 0; ch < x.c; ch++) d[(y * w + xx) * c + ch] = x.d[(y * x.w + xx) * x.c + ch];
  return { h, w, c, d };
}
const addRelu = (a: T, b: T): T => ({ ...a, d: a.d.map((v, i) => Math.max(0, v + b.d[i])) });
const residual = (x: T, W: Weights, p: string) => addRelu(convLayer(convLayer(x, W, `${p}/conv1`, 1, true), W, `${p}/conv2`, 1, false), x);
function residualDown(x: T, W: Weights, p: string): T {
  let out = convLayer(convLayer(x, W, `${p}/conv1`, 2, true, "valid"), W, `${p}/conv2`, 1, false);
  let pooled = pool(x, 2, 2, "avg");
  if (pooled.h !== out.h) out = zeroExtend(out, out.h + 1, out.w + 1, out.c);
  if (pooled.c !== out.c) pooled = zeroExtend(pooled, pooled.h, pooled.w, out.c);
  return addRelu(pooled, out);
}
function faceApiForward(input: T, W: Weights): Float32Array {
  let x = pool(convLayer(input, W, "conv32_down", 2, true, "valid"), 3, 2, "max");
  for (const p of ["conv32_1", "conv32_2", "conv32_3"]) x = residual(x, W, p);
  x = residualDown(x, W, "conv64_down");
  for (const p of ["conv64_1", "conv64_2", "conv64_3"]) x = residual(x, W, p);
  x = residualDown(x, W, "conv128_down");
  for (const p of ["conv128_1", "conv128_2"]) x = residual(x, W, p);
  x = residualDown(x, W, "conv256_down");
  for (const p of ["conv256_1", "conv256_2"]) x = residual(x, W, p);
  x = residualDown(x, W, "conv256_down_out");
  const fc = W.get("fc")!;
  const out = new Float32Array(fc.shape[1]);
  for (let ch = 0; ch < x.c; ch++) {
    let mean = 0;
    for (let i = 0; i < x.h * x.w; i++) mean += x.d[i * x.c + ch] / (x.h * x.w);
    for (let o = 0; o < out.length; o++) out[o] += mean * fc.data[ch * out.length + o];
  }
  return out;
}

/** Random weights of face-api's shapes (deterministic), scaled so activations stay of order 1. */
function randomWeights(): Weights {
  let s = 42;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  const W: Weights = new Map();
  const conv = (p: string, k: number, cin: number, cout: number) => {
    const a = Math.sqrt(3 / (k * k * cin));
    W.set(`${p}/conv/filters`, { shape: [k, k, cin, cout], data: Float32Array.from({ length: k * k * cin * cout }, () => rand() * a) });
    W.set(`${p}/conv/bias`, { shape: [cout], data: Float32Array.from({ length: cout }, () => rand() * 0.01) });
    W.set(`${p}/scale/weights`, { shape: [cout], data: Float32Array.from({ length: cout }, () => 1 + rand() * 0.5) });
    W.set(`${p}/scale/biases`, { shape: [cout], data: Float32Array.from({ length: cout }, () => rand() * 0.1) });
  };
  conv("conv32_down", 7, 3, 32);
  const block = (p: string, cin: number, cout: number) => {
    conv(`${p}/conv1`, 3, cin, cout);
    conv(`${p}/conv2`, 3, cout, cout);
  };
  for (const p of ["conv32_1", "conv32_2", "conv32_3"]) block(p, 32, 32);
  block("conv64_down", 32, 64);
  for (const p of ["conv64_1", "conv64_2", "conv64_3"]) block(p, 64, 64);
  block("conv128_down", 64, 128);
  for (const p of ["conv128_1", "conv128_2"]) block(p, 128, 128);
  block("conv256_down", 128, 256);
  for (const p of ["conv256_1", "conv256_2"]) block(p, 256, 256);
  block("conv256_down_out", 256, 256);
  W.set("fc", { shape: [256, 128], data: Float32Array.from({ length: 256 * 128 }, () => rand() * 0.1) });
  return W;
}

describe("the converted face-api network", () => {
  it("gives what face-api's forward pass gives (tfjs padding arithmetic, residual zero-padding, folded scale layers)", async () => {
    const W = randomWeights();
    const bytes = faceApiRecognitionOnnx(W);
    let s = 7;
    const nhwc = Float32Array.from({ length: 150 * 150 * 3 }, () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1);
    const nchw = new Float32Array(nhwc.length);
    for (let i = 0; i < 150 * 150; i++) for (let c = 0; c < 3; c++) nchw[c * 150 * 150 + i] = nhwc[i * 3 + c];
    configureRuntime({ numThreads: 1 });
    const session = await ort.InferenceSession.create(bytes, sessionOptions("wasm"));
    try {
      const out = await session.run({ input: new ort.Tensor("float32", nchw, [1, 3, 150, 150]) });
      const got = out.embedding.data as Float32Array;
      const want = faceApiForward({ h: 150, w: 150, c: 3, d: nhwc }, W);
      expect(got).toHaveLength(128);
      const scale = Math.max(...want.map(Math.abs));
      expect(scale).toBeGreaterThan(0.01);
      for (let i = 0; i < 128; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * scale);
    } finally {
      await session.release();
    }
  });
});
