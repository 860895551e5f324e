import jpeg from "jpeg-js";

/** Largest picture a stored face or probe crop may declare (decompression bombs stop here). */
export const MAX_STORED_JPEG_PIXELS = 2_000_000;

export type JpegCheck = { ok: true; width: number; height: number } | { ok: false; reason: string };

/**
 * Decodes a JPEG completely (every scan, every block), so what is stored is an image and nothing
 * else: a file that only starts like one ("FF D8" then a script), is truncated, declares an absurd
 * size or carries bytes after its end-of-image marker is refused. Pure; runs in Node and browsers.
 */
export function decodeJpegFully(bytes: Uint8Array, maxPixels = MAX_STORED_JPEG_PIXELS): JpegCheck {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return { ok: false, reason: "it does not start with a JPEG header" };
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) return { ok: false, reason: "it does not end with the JPEG end-of-image marker" };
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      maxResolutionInMP: maxPixels / 1_000_000,
      maxMemoryUsageInMB: 64,
    });
    if (!image.width || !image.height) return { ok: false, reason: "it has no pixels" };
    if (image.width * image.height > maxPixels) return { ok: false, reason: "it is too large" };
    if (image.data.length < image.width * image.height * 3) return { ok: false, reason: "it could not be decoded in full" };
    return { ok: true, width: image.width, height: image.height };
  } catch {
    return { ok: false, reason: "it could not be decoded as a JPEG image" };
  }
}
