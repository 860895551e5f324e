import { describe, expect, it } from "vitest";
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
