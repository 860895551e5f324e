import { F32, I32, V128, buildModule, op } from "./emit";

/**
 * The SIMD kernel behind `match.ts`, for 128-d vectors.
 *
 * Memory layout (one imported linear memory):
 *   [0, 256)             query, 128 x int16
 *   [scalesPtr, ...)     per-row dequantisation scale, f32, one per row
 *   [rowsPtr, ...)       rows, 128 x int8 each, row count padded to a multiple of 4
 *   [outPtr, ...)        approximate scores, f32, one per row
 *
 * `scan(rowsPtr, scalesPtr, outPtr, blocks, qScale)` processes `blocks` groups of 4 rows:
 * for each row, sum_k int8(row[k]) * int16(query[k]) with v128.load8x8_s (sign-extends 8 int8
 * to 8 int16) and i32x4.dot_i16x8_s, reduces the four rows' partial sums with a 4x4 transpose
 * (shuffles + adds), converts to f32, multiplies by the row scale and `qScale`, and keeps the
 * running maximum, which it returns (no JS pass over n scores to find it). (Looping k outer and
 * the rows inner, to keep fewer registers live, measured slower in V8.)
 * `collect(outPtr, n, cutoff, idxPtr, cap)` then lists the rows at or above a cutoff, also
 * without a JS loop over n.
 * |int8| <= 127 and |int16| <= 32767, so a row sum is at most 128*127*32767 < 2^31: no overflow.
 */
export const KERNEL_DIM = 128;
export const QUERY_PTR = 0;
export const KERNEL_HEADER_BYTES = 1024;

function lanes(...ranges: [number, number][]): number[] {
  const out: number[] = [];
  for (const [from, to] of ranges) for (let i = from; i <= to; i++) out.push(i);
  return out;
}

// i32 lanes of a (bytes 0-15) and b (bytes 16-31)
const A0B0A1B1 = lanes([0, 3], [16, 19], [4, 7], [20, 23]);
const A2B2A3B3 = lanes([8, 11], [24, 27], [12, 15], [28, 31]);
const A01B01 = lanes([0, 7], [16, 23]);
const A23B23 = lanes([8, 15], [24, 31]);

export function buildInt8ScanModule(opts: { shared?: boolean } = {}): Uint8Array {
  // params
  const ROWS = 0,
    SCALES = 1,
    OUT = 2,
    BLOCKS = 3,
    QSCALE = 4;
  // locals
  const Q = 5; // q0..q15
  const ACC = Q + 16; // acc0..acc3
  const QS = ACC + 4;
  const SAB = QS + 1;
  const SCD = SAB + 1;
  const MAXV = SCD + 1;
  const SCORES = MAXV + 1;

  const body: number[] = [];
  for (let k = 0; k < 16; k++) body.push(...op.i32Const(QUERY_PTR), ...op.v128Load(16 * k), ...op.localSet(Q + k));
  body.push(...op.localGet(QSCALE), ...op.f32x4Splat(), ...op.localSet(QS));
  body.push(...op.f32Const(-Infinity), ...op.f32x4Splat(), ...op.localSet(MAXV));

  body.push(...op.block(), ...op.localGet(BLOCKS), ...op.i32Eqz(), ...op.brIf(0), ...op.loop());
  for (let r = 0; r < 4; r++) {
    for (let k = 0; k < 16; k++) {
      body.push(...op.localGet(ROWS), ...op.v128Load8x8S(r * KERNEL_DIM + 8 * k), ...op.localGet(Q + k), ...op.i32x4DotI16x8S());
      if (k > 0) body.push(...op.i32x4Add());
    }
    body.push(...op.localSet(ACC + r));
  }
  // 4x4 transpose-reduce: (a, b, c, d) partial sums -> [sum a, sum b, sum c, sum d]
  body.push(
    ...op.localGet(ACC),
    ...op.localGet(ACC + 1),
    ...op.i8x16Shuffle(A0B0A1B1),
    ...op.localGet(ACC),
    ...op.localGet(ACC + 1),
    ...op.i8x16Shuffle(A2B2A3B3),
    ...op.i32x4Add(),
    ...op.localSet(SAB),
    ...op.localGet(ACC + 2),
    ...op.localGet(ACC + 3),
    ...op.i8x16Shuffle(A0B0A1B1),
    ...op.localGet(ACC + 2),
    ...op.localGet(ACC + 3),
    ...op.i8x16Shuffle(A2B2A3B3),
    ...op.i32x4Add(),
    ...op.localSet(SCD),
    ...op.localGet(SAB),
    ...op.localGet(SCD),
    ...op.i8x16Shuffle(A01B01),
    ...op.localGet(SAB),
    ...op.localGet(SCD),
    ...op.i8x16Shuffle(A23B23),
    ...op.i32x4Add(),
    ...op.f32x4ConvertI32x4S(),
    ...op.localGet(SCALES),
    ...op.v128Load(0),
    ...op.f32x4Mul(),
    ...op.localGet(QS),
    ...op.f32x4Mul(),
    ...op.localSet(SCORES),
    ...op.localGet(OUT),
    ...op.localGet(SCORES),
    ...op.v128Store(0),
    ...op.localGet(MAXV),
    ...op.localGet(SCORES),
    ...op.f32x4Max(),
    ...op.localSet(MAXV),
  );
  body.push(
    ...op.localGet(ROWS),
    ...op.i32Const(4 * KERNEL_DIM),
    ...op.i32Add(),
    ...op.localSet(ROWS),
    ...op.localGet(SCALES),
    ...op.i32Const(16),
    ...op.i32Add(),
    ...op.localSet(SCALES),
    ...op.localGet(OUT),
    ...op.i32Const(16),
    ...op.i32Add(),
    ...op.localSet(OUT),
    ...op.localGet(BLOCKS),
    ...op.i32Const(1),
    ...op.i32Sub(),
    ...op.localTee(BLOCKS),
    ...op.brIf(0),
  );
  body.push(...op.end(), ...op.end());
  // The largest score of the scan (its 4 lanes reduced).
  body.push(...op.localGet(MAXV), ...op.f32x4ExtractLane(0), ...op.localGet(MAXV), ...op.f32x4ExtractLane(1), ...op.f32Max());
  body.push(...op.localGet(MAXV), ...op.f32x4ExtractLane(2), ...op.localGet(MAXV), ...op.f32x4ExtractLane(3), ...op.f32Max(), ...op.f32Max());

  // collect(outPtr, n, cutoff, idxPtr, cap) -> count: the indices of scores >= cutoff (the first
  // `cap` written to idxPtr as i32; the count returned is all of them, so the caller sees overflow).
  const C_OUT = 0,
    C_N = 1,
    C_CUT = 2,
    C_IDX = 3,
    C_CAP = 4,
    C_I = 5,
    C_COUNT = 6;
  const collect: number[] = [];
  collect.push(...op.block(), ...op.localGet(C_N), ...op.i32Eqz(), ...op.brIf(0), ...op.loop());
  collect.push(
    ...op.localGet(C_OUT),
    ...op.localGet(C_I),
    ...op.i32Const(2),
    ...op.i32Shl(),
    ...op.i32Add(),
    ...op.f32Load(0),
    ...op.localGet(C_CUT),
    ...op.f32Ge(),
  );
  collect.push(...op.if());
  collect.push(...op.localGet(C_COUNT), ...op.localGet(C_CAP), ...op.i32LtU(), ...op.if());
  collect.push(...op.localGet(C_IDX), ...op.localGet(C_COUNT), ...op.i32Const(2), ...op.i32Shl(), ...op.i32Add(), ...op.localGet(C_I), ...op.i32Store(0));
  collect.push(...op.end());
  collect.push(...op.localGet(C_COUNT), ...op.i32Const(1), ...op.i32Add(), ...op.localSet(C_COUNT));
  collect.push(...op.end());
  collect.push(...op.localGet(C_I), ...op.i32Const(1), ...op.i32Add(), ...op.localTee(C_I), ...op.localGet(C_N), ...op.i32LtU(), ...op.brIf(0));
  collect.push(...op.end(), ...op.end(), ...op.localGet(C_COUNT));

  // norms(rowsPtr, scalesPtr, n): scales[i] = 1/|row i| (0 for a zero row), |row|^2 summed exactly in
  // i32 (at most 128 * 127^2, exact in f32 too).
  const N_ROWS = 0,
    N_SCALES = 1,
    N_N = 2,
    N_ACC = 3,
    N_SS = 4;
  const norms: number[] = [];
  norms.push(...op.block(), ...op.localGet(N_N), ...op.i32Eqz(), ...op.brIf(0), ...op.loop());
  for (let k = 0; k < 16; k++) {
    norms.push(...op.localGet(N_ROWS), ...op.v128Load8x8S(8 * k), ...op.localGet(N_ROWS), ...op.v128Load8x8S(8 * k), ...op.i32x4DotI16x8S());
    if (k > 0) norms.push(...op.i32x4Add());
  }
  norms.push(...op.localSet(N_ACC));
  norms.push(...op.localGet(N_ACC), ...op.i32x4ExtractLane(0), ...op.localGet(N_ACC), ...op.i32x4ExtractLane(1), ...op.i32Add());
  norms.push(
    ...op.localGet(N_ACC),
    ...op.i32x4ExtractLane(2),
    ...op.i32Add(),
    ...op.localGet(N_ACC),
    ...op.i32x4ExtractLane(3),
    ...op.i32Add(),
    ...op.localSet(N_SS),
  );
  norms.push(...op.localGet(N_SCALES));
  norms.push(...op.f32Const(1), ...op.localGet(N_SS), ...op.f32ConvertI32S(), ...op.f32Sqrt(), ...op.f32Div());
  norms.push(...op.f32Const(0), ...op.localGet(N_SS), ...op.select(), ...op.f32Store(0));
  norms.push(...op.localGet(N_ROWS), ...op.i32Const(KERNEL_DIM), ...op.i32Add(), ...op.localSet(N_ROWS));
  norms.push(...op.localGet(N_SCALES), ...op.i32Const(4), ...op.i32Add(), ...op.localSet(N_SCALES));
  norms.push(...op.localGet(N_N), ...op.i32Const(1), ...op.i32Sub(), ...op.localTee(N_N), ...op.brIf(0));
  norms.push(...op.end(), ...op.end());

  return buildModule(
    [
      {
        name: "scan",
        params: [I32, I32, I32, I32, F32],
        results: [F32],
        locals: [[16 + 4 + 1 + 2 + 2, V128]],
        body,
      },
      {
        name: "collect",
        params: [I32, I32, F32, I32, I32],
        results: [I32],
        locals: [[2, I32]],
        body: collect,
      },
      {
        name: "norms",
        params: [I32, I32, I32],
        results: [],
        locals: [
          [1, V128],
          [1, I32],
        ],
        body: norms,
      },
    ],
    1,
    opts,
  );
}

export interface Int8ScanKernel {
  memory: WebAssembly.Memory;
  /** Scores `blocks` x 4 rows into outPtr; returns the largest score. */
  scan(rowsPtr: number, scalesPtr: number, outPtr: number, blocks: number, qScale: number): number;
  /** Writes the indices (i32) of scores >= cutoff among n at outPtr to idxPtr, at most `cap`; returns how many there are. */
  collect(outPtr: number, n: number, cutoff: number, idxPtr: number, cap: number): number;
  /** Writes 1/|row| (f32; 0 for a zero row) of n rows at rowsPtr to scalesPtr. */
  norms(rowsPtr: number, scalesPtr: number, n: number): void;
}

const cachedModules = new Map<boolean, WebAssembly.Module | null>();

/**
 * Compiles the kernel once per memory kind (synchronously: the module is ~1.3 KB, below the 4 KB
 * limit browsers put on synchronous compilation on the main thread); null when WebAssembly SIMD
 * (or, for `shared`, shared memory) is unavailable.
 */
export function compileInt8ScanModule(shared = false): WebAssembly.Module | null {
  const known = cachedModules.get(shared);
  if (known !== undefined) return known;
  let compiled: WebAssembly.Module | null = null;
  if (typeof WebAssembly !== "undefined") {
    const bytes = buildInt8ScanModule({ shared }) as Uint8Array<ArrayBuffer>;
    try {
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  cachedModules.set(shared, compiled);
  return compiled;
}

/** Wraps an instance's exports. */
export function kernelExports(instance: WebAssembly.Instance, memory: WebAssembly.Memory): Int8ScanKernel {
  const scan = instance.exports.scan as Int8ScanKernel["scan"];
  const collect = instance.exports.collect as Int8ScanKernel["collect"];
  const norms = instance.exports.norms as Int8ScanKernel["norms"];
  return { memory, scan, collect, norms };
}

/**
 * Instantiates the kernel over a fresh memory of at least `bytes` bytes; null without SIMD. With
 * `shared`, the memory is a shared one (SharedArrayBuffer: a cross-origin isolated page, or Node)
 * that scan helpers on other threads can instantiate the same module over; null when that is
 * unavailable.
 */
export function instantiateInt8ScanKernelSync(bytes: number, opts: { shared?: boolean } = {}): Int8ScanKernel | null {
  const shared = opts.shared === true;
  if (shared && typeof SharedArrayBuffer === "undefined") return null;
  const compiled = compileInt8ScanModule(shared);
  if (!compiled) return null;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > 65536) throw new Error(`watchlist too large for one WebAssembly memory (${bytes} bytes)`);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared } as WebAssembly.MemoryDescriptor);
  } catch (e) {
    if (shared) return null;
    throw e;
  }
  return kernelExports(new WebAssembly.Instance(compiled, { env: { memory } }), memory);
}
