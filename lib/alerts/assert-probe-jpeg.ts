import "server-only";
import { badRequest } from "@/lib/http/api-error";
import { decodeJpegFully } from "@/lib/images/decode-jpeg-fully";
import { MAX_PROBE_JPEG_BYTES } from "./alert-schemas";

/** A match event's probe crop must be a whole, decodable JPEG of at most 64 KiB (400 naming the field). */
export function assertProbeJpeg(base64: string, field = "probeJpeg"): void {
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length > MAX_PROBE_JPEG_BYTES) throw badRequest(`${field}: must be a JPEG of at most 64 KiB.`, [{ path: field, message: "too large" }]);
  const check = decodeJpegFully(bytes);
  if (!check.ok) throw badRequest(`${field}: not a JPEG image (${check.reason}).`, [{ path: field, message: check.reason }]);
}
