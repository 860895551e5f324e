/**
 * Browser implementations of the handler's I/O: model download with progress, and image ->
 * RGBA through one reused OffscreenCanvas.
 */
import { startRuntime } from "../ort-runtime";
import { MAX_SCAN_HELPERS, browserScanHelperSpawner } from "../parallel-scan";
import type { RgbaFrame } from "../types";
import { cachedModelFetch } from "./model-cache";
import type { HandlerDeps } from "./handler";
import type { FrameImage } from "./protocol";

export async function fetchWithProgress(url: string, onProgress: (loaded: number, total: number) => void): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  const total = Number(res.headers.get("content-length") ?? 0) || 0;
  if (!res.body) {
    const buf = await res.arrayBuffer();
    onProgress(buf.byteLength, total || buf.byteLength);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out.buffer;
}

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

function draw(source: CanvasImageSource, width: number, height: number): RgbaFrame {
  if (!canvas) {
    canvas = new OffscreenCanvas(width, height);
    ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) throw new Error("OffscreenCanvas 2d context unavailable");
  }
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  ctx!.drawImage(source, 0, 0, width, height);
  const img = ctx!.getImageData(0, 0, width, height);
  return { width, height, data: img.data };
}

export async function decodeImageInBrowser(image: FrameImage): Promise<RgbaFrame> {
  switch (image.kind) {
    case "rgba": {
      const data = new Uint8ClampedArray(image.data);
      if (data.length !== image.width * image.height * 4) throw new Error("rgba buffer size does not match width*height*4");
      return { width: image.width, height: image.height, data };
    }
    case "bitmap":
      return draw(image.bitmap, image.bitmap.width, image.bitmap.height);
    case "videoFrame":
      return draw(image.frame as unknown as CanvasImageSource, image.frame.displayWidth, image.frame.displayHeight);
    case "encoded": {
      const blob = new Blob([image.bytes], image.mimeType ? { type: image.mimeType } : {});
      const bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
      try {
        return draw(bitmap, bitmap.width, bitmap.height);
      } finally {
        bitmap.close();
      }
    }
    default:
      throw new Error(`unknown image kind ${(image as { kind?: unknown }).kind}`);
  }
}

/**
 * One scan helper per spare core (at most MAX_SCAN_HELPERS): on a 2-core machine, one helper, so a
 * 2M-entry scan runs on both cores while the models wait for the next frame.
 */
function scanHelpers(): HandlerDeps["scanHelpers"] {
  const spawn = browserScanHelperSpawner();
  const cores = typeof navigator !== "undefined" ? navigator.hardwareConcurrency || 1 : 1;
  return spawn && cores > 1 ? { spawn, count: Math.min(MAX_SCAN_HELPERS, cores - 1) } : undefined;
}

export function browserDeps(post: HandlerDeps["post"]): HandlerDeps {
  return { post, fetchModel: cachedModelFetch(fetchWithProgress), decodeImage: decodeImageInBrowser, scanHelpers: scanHelpers(), startRuntime };
}
