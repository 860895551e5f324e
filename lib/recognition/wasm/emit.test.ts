import { describe, expect, it } from "vitest";
import { s32, u32 } from "./emit";
import { buildInt8ScanModule, instantiateInt8ScanKernelSync, KERNEL_HEADER_BYTES } from "./int8-scan-kernel";

describe("LEB128", () => {
  it("encodes unsigned and signed values", () => {
    expect(u32(0)).toEqual([0]);
    expect(u32(127)).toEqual([0x7f]);
    expect(u32(128)).toEqual([0x80, 0x01]);
    expect(u32(0xba)).toEqual([0xba, 0x01]);
    expect(u32(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(s32(0)).toEqual([0]);
    expect(s32(-1)).toEqual([0x7f]);
    expect(s32(63)).toEqual([0x3f]);
    expect(s32(64)).toEqual([0xc0, 0x00]);
    expect(s32(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe("int8 scan kernel", () => {
  it("is a valid module", () => {
    expect(WebAssembly.validate(buildInt8ScanModule() as Uint8Array<ArrayBuffer>)).toBe(true);
  });

  it("computes int8 x int16 dot products times the scales", () => {
    const rowsPtr = KERNEL_HEADER_BYTES + 64;
    const scalesPtr = KERNEL_HEADER_BYTES;
    const outPtr = rowsPtr + 4 * 128;
    const idxPtr = outPtr + 64;
    const k = instantiateInt8ScanKernelSync(idxPtr + 64)!;
    const buf = k.memory.buffer;
    const q = new Int16Array(buf, 0, 128);
    const rows = new Int8Array(buf, rowsPtr, 4 * 128);
    const scales = new Float32Array(buf, scalesPtr, 4);
    for (let i = 0; i < 128; i++) q[i] = i % 2 ? -300 + i : 32767 - i * 100;
    for (let r = 0; r < 4; r++) for (let i = 0; i < 128; i++) rows[r * 128 + i] = ((i * (r + 3)) % 255) - 127;
    scales.set([1, 0.5, 2, 0.25]);
    const max = k.scan(rowsPtr, scalesPtr, outPtr, 1, 0.001);
    const out = new Float32Array(buf, outPtr, 4);
    expect(max).toBe(Math.max(...out));
    // collect lists the rows at or above a cutoff (at most `cap`, but counts them all).
    const cut = [...out].sort((a, b) => a - b)[1];
    const n = k.collect(outPtr, 4, cut, idxPtr, 16);
    expect(n).toBe(3);
    expect([...new Int32Array(buf, idxPtr, n)]).toEqual([0, 1, 2, 3].filter((i) => out[i] >= cut));
    expect(k.collect(outPtr, 4, cut, idxPtr, 1)).toBe(3);
    expect(k.collect(outPtr, 4, Infinity, idxPtr, 16)).toBe(0);
    for (let r = 0; r < 4; r++) {
      let dot = 0;
      for (let i = 0; i < 128; i++) dot += rows[r * 128 + i] * q[i];
      expect(out[r]).toBeCloseTo(dot * scales[r] * 0.001, 1);
      expect(Math.abs(out[r] - dot * scales[r] * 0.001)).toBeLessThan(Math.abs(dot * scales[r] * 0.001) * 1e-6 + 1e-6);
    }
  });

  it("norms writes 1/|row| per row, and 0 for a zero row", () => {
    const rowsPtr = KERNEL_HEADER_BYTES + 64;
    const scalesPtr = KERNEL_HEADER_BYTES;
    const k = instantiateInt8ScanKernelSync(rowsPtr + 3 * 128)!;
    const rows = new Int8Array(k.memory.buffer, rowsPtr, 3 * 128);
    for (let i = 0; i < 128; i++) rows[i] = ((i * 37) % 255) - 127;
    rows.fill(127, 128, 256);
    k.norms(rowsPtr, scalesPtr, 3);
    const scales = new Float32Array(k.memory.buffer, scalesPtr, 3);
    let ss = 0;
    for (let i = 0; i < 128; i++) ss += rows[i] * rows[i];
    expect(Math.abs(scales[0] - 1 / Math.sqrt(ss))).toBeLessThan(1e-7 / Math.sqrt(ss) + 1e-9);
    expect(scales[1]).toBeCloseTo(1 / Math.sqrt(128 * 127 * 127), 9);
    expect(scales[2]).toBe(0);
  });
});
