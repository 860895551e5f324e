import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { jpegSize } from "./jpeg-size";

describe("jpegSize", () => {
  it("reads the frame header", () => {
    const data = Buffer.alloc(112 * 96 * 4, 128);
    const encoded = jpeg.encode({ data, width: 112, height: 96 }, 80).data;
    expect(jpegSize(new Uint8Array(encoded))).toEqual({ width: 112, height: 96 });
  });
  it("refuses what is not a JPEG", () => {
    expect(jpegSize(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(jpegSize(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
  });
});
