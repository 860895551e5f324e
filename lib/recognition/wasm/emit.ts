/**
 * A tiny WebAssembly binary emitter: just enough to hand-assemble the SIMD matching kernel at
 * runtime, with no toolchain and no dependency. Spec: WebAssembly Core 2.0 binary format,
 * SIMD opcodes from the fixed-width SIMD proposal (0xFD prefix, LEB128 sub-opcodes).
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...u32(body.length), ...body];
}

function name(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...u32(bytes.length), ...bytes];
}

/** Instruction helpers (each returns the encoded bytes). */
export const op = {
  block: () => [0x02, 0x40],
  loop: () => [0x03, 0x40],
  end: () => [0x0b],
  br: (depth: number) => [0x0c, ...u32(depth)],
  brIf: (depth: number) => [0x0d, ...u32(depth)],
  localGet: (i: number) => [0x20, ...u32(i)],
  localSet: (i: number) => [0x21, ...u32(i)],
  localTee: (i: number) => [0x22, ...u32(i)],
  i32Const: (v: number) => [0x41, ...s32(v)],
  i32Add: () => [0x6a],
  i32Sub: () => [0x6b],
  i32Eqz: () => [0x45],
  f32Const: (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)],
  i32Shl: () => [0x74],
  i32LtU: () => [0x49],
  i32Store: (offset = 0, align = 2) => [0x36, ...u32(align), ...u32(offset)],
  f32Load: (offset = 0, align = 2) => [0x2a, ...u32(align), ...u32(offset)],
  f32Ge: () => [0x60],
  f32Max: () => [0x97],
  f32Sqrt: () => [0x91],
  f32Div: () => [0x95],
  f32ConvertI32S: () => [0xb2],
  f32Store: (offset = 0, align = 2) => [0x38, ...u32(align), ...u32(offset)],
  select: () => [0x1b],
  if: () => [0x04, 0x40],
  return: () => [0x0f],
  // SIMD (0xFD prefix). memarg = align (log2), offset.
  v128Load: (offset = 0, align = 0) => [0xfd, ...u32(0x00), ...u32(align), ...u32(offset)],
  v128Load8x8S: (offset = 0, align = 0) => [0xfd, ...u32(0x01), ...u32(align), ...u32(offset)],
  v128Store: (offset = 0, align = 0) => [0xfd, ...u32(0x0b), ...u32(align), ...u32(offset)],
  i8x16Shuffle: (lanes: number[]) => {
    if (lanes.length !== 16) throw new Error("shuffle needs 16 lane indices");
    return [0xfd, ...u32(0x0d), ...lanes];
  },
  f32x4Splat: () => [0xfd, ...u32(0x13)],
  f32x4ExtractLane: (lane: number) => [0xfd, ...u32(0x1f), lane],
  i32x4ExtractLane: (lane: number) => [0xfd, ...u32(0x1b), lane],
  f32x4Max: () => [0xfd, ...u32(0xe9)],
  i32x4Add: () => [0xfd, ...u32(0xae)],
  i32x4DotI16x8S: () => [0xfd, ...u32(0xba)],
  f32x4Mul: () => [0xfd, ...u32(0xe6)],
  f32x4ConvertI32x4S: () => [0xfd, ...u32(0xfa)],
};

export interface FunctionDef {
  name: string;
  params: number[];
  results: number[];
  /** Extra locals by type, e.g. [[16, V128], [1, I32]]. */
  locals: [count: number, type: number][];
  body: number[];
}

/** The most pages a 32-bit memory can have (4 GiB). */
export const MAX_PAGES = 65536;

/**
 * Builds a module that imports `env.memory` (min `memoryPages`; with `shared`, a shared memory of
 * at most MAX_PAGES, which threads can scan at once) and exports the given functions.
 */
export function buildModule(functions: FunctionDef[], memoryPages = 1, opts: { shared?: boolean } = {}): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const limits = opts.shared ? [0x03, ...u32(memoryPages), ...u32(MAX_PAGES)] : [0x00, ...u32(memoryPages)];
  const imports = [[...name("env"), ...name("memory"), 0x02, ...limits]];
  const funcs = functions.map((_, i) => u32(i));
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...u32(i)]);
  const codes = functions.map((f) => {
    const body = [...vec(f.locals.map(([count, type]) => [...u32(count), type])), ...f.body, 0x0b];
    return [...u32(body.length), ...body];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs)),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}
