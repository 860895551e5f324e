import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { decodeJpegFully } from "./decode-jpeg-fully";

const real = (w: number, h: number) => new Uint8Array(jpeg.encode({ data: Buffer.alloc(w * h * 4, 90), width: w, height: h }, 80).data);

describe("JPEGs are decoded in full before they are stored", () => {
  it("accepts a real JPEG", () => {
    expect(decodeJpegFully(real(112, 112))).toEqual({ ok: true, width: 112, height: 112 });
  });
  it("refuses FF D8 followed by a script", () => {
    const fake = new Uint8Array([0xff, 0xd8, ...Buffer.from("<script>alert(1)</script>"), 0xff, 0xd9]);
    expect(decodeJpegFully(fake).ok).toBe(false);
    expect(decodeJpegFully(new Uint8Array([0xff, 0xd8, ...Buffer.from("<script>")])).ok).toBe(false);
  });
  it("refuses a truncated JPEG and one with bytes after its end", () => {
    const good = real(32, 32);
    expect(decodeJpegFully(good.subarray(0, good.length - 40)).ok).toBe(false);
    expect(decodeJpegFully(new Uint8Array([...good, ...Buffer.from("<script>")])).ok).toBe(false);
  });
  it("refuses a header that declares a huge picture (decompression bomb)", () => {
    const good = real(16, 16);
    const bomb = new Uint8Array(good);
    // Rewrite the SOF0 frame size to 60000 x 60000.
    for (let i = 2; i < bomb.length - 9; i++) {
      if (bomb[i] === 0xff && bomb[i + 1] === 0xc0) {
        bomb[i + 5] = 0xea;
        bomb[i + 6] = 0x60;
        bomb[i + 7] = 0xea;
        bomb[i + 8] = 0x60;
        break;
      }
    }
    expect(decodeJpegFully(bomb).ok).toBe(false);
  });
});
