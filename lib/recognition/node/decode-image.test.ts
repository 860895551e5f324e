import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import type { RgbaFrame } from "../types";
import { applyOrientation, decodeImage, encodePng, jpegOrientation } from "./decode-image";

/** 3x2 image whose red channel numbers the pixels 1..6 row by row. */
function numbered(): RgbaFrame {
  const data = new Uint8ClampedArray(3 * 2 * 4);
  for (let i = 0; i < 6; i++) data.set([i + 1, 0, 0, 255], i * 4);
  return { width: 3, height: 2, data };
}
const reds = (f: RgbaFrame) => Array.from({ length: f.width * f.height }, (_, i) => f.data[i * 4]);

/** A JPEG with an EXIF APP1 segment carrying `orientation`, spliced in after SOI. */
function jpegWithOrientation(orientation: number, littleEndian: boolean): Uint8Array {
  const base = jpeg.encode({ width: 3, height: 2, data: Buffer.from(numbered().data) }, 90).data;
  const u16 = (v: number) => (littleEndian ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
  const u32 = (v: number) => (littleEndian ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24] : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
  const tiff = [
    ...(littleEndian ? [0x49, 0x49] : [0x4d, 0x4d]),
    ...u16(42),
    ...u32(8),
    ...u16(1),
    ...u16(0x0112),
    ...u16(3),
    ...u32(1),
    ...u16(orientation),
    0,
    0,
    ...u32(0),
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  return new Uint8Array([...base.subarray(0, 2), ...app1, ...base.subarray(2)]);
}

describe("EXIF orientation", () => {
  it("reads the orientation tag in both byte orders", () => {
    expect(jpegOrientation(jpegWithOrientation(6, true))).toBe(6);
    expect(jpegOrientation(jpegWithOrientation(8, false))).toBe(8);
    expect(jpegOrientation(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBe(1);
  });

  it("rotates and mirrors pixels", () => {
    expect(reds(applyOrientation(numbered(), 1))).toEqual([1, 2, 3, 4, 5, 6]);
    const r6 = applyOrientation(numbered(), 6); // 90 deg clockwise
    expect([r6.width, r6.height]).toEqual([2, 3]);
    expect(reds(r6)).toEqual([4, 1, 5, 2, 6, 3]);
    const r8 = applyOrientation(numbered(), 8); // 90 deg counter-clockwise
    expect(reds(r8)).toEqual([3, 6, 2, 5, 1, 4]);
    expect(reds(applyOrientation(numbered(), 3))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(reds(applyOrientation(numbered(), 2))).toEqual([3, 2, 1, 6, 5, 4]);
  });

  it("decodeImage applies the orientation of a JPEG", () => {
    const img = decodeImage(jpegWithOrientation(6, true));
    expect([img.width, img.height]).toEqual([2, 3]);
  });
});

describe("decodeImage", () => {
  it("round-trips a PNG", () => {
    const png = encodePng(numbered());
    const back = decodeImage(new Uint8Array(png));
    expect([back.width, back.height]).toEqual([3, 2]);
    expect(reds(back)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects other formats", () => {
    expect(() => decodeImage(new Uint8Array([1, 2, 3, 4]))).toThrow(/unsupported/);
  });
});
