import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FaceRecognizer } from "../pipeline";
import { DEFAULT_DETECTOR_OPTIONS } from "../detect";
import { DEFAULT_QUALITY, alignmentError, assessQuality } from "../quality";
import type { RgbaFrame } from "../types";
import { decodeImage } from "./decode-image";
import { REPO_ROOT } from "./load-models";

/**
 * Per-image detections and embeddings, cached by the image's content hash (SHA-256 of the file
 * bytes) under `.vigil/embeddings/`, so the evaluation re-runs in seconds and a new photo set
 * only pays for its new images. The cache key also carries the embedding model's SHA-256 and
 * EXTRACTION_VERSION: another model or another extraction rule never reads stale vectors.
 */

/**
 * Bump when what is extracted per image changes. x3: photos are detected as the product detects
 * any frame (long side 640, so a 250 px photo is upscaled), no longer at their own size (x2).
 */
export const EXTRACTION_VERSION = "x3";
/** Faces embedded per image, largest first (LFW photos often show bystanders). */
export const MAX_FACES_PER_IMAGE = 2;

/**
 * Detector input for a photo: the product's, whatever the photo's size. The browser worker
 * detects every frame and every enrolment photo at a long side of 640 (DEFAULT_DETECTOR_OPTIONS,
 * letterbox.ts), upscaling a 250x250 photo; landmarks found at that scale put the aligned crop
 * where the product puts it. Measured on lfw-dev (docs/recognition.md, "Embedding-side changes"):
 * x2 detected such a photo at 256 x 256 (never upscaled) and found people less often than the
 * product does.
 */
export function detectorSideFor(): number {
  return DEFAULT_DETECTOR_OPTIONS.maxSide;
}

export interface FaceRecord {
  box: [x: number, y: number, w: number, h: number];
  score: number;
  /** min(box w, h) in image pixels */
  faceSize: number;
  /** RMS landmark misfit after alignment (template pixels) */
  alignmentError: number;
  /** Unit embedding of the aligned crop. */
  emb: Float32Array;
  /** Unit embedding of the mirrored aligned crop (flip test-time augmentation). */
  flip: Float32Array;
}

export interface ImageRecord {
  width: number;
  height: number;
  /** Detections that pass the live quality gates, largest first (at most MAX_FACES_PER_IMAGE; walk-past variants: 1). */
  faces: FaceRecord[];
  /** Every detection, including those not embedded. */
  detections: number;
}

/** A geometric variant of a photo: the frame of a "walk-past" made from one still. */
export interface FrameVariant {
  /** Shift of the content, in pixels. */
  dx: number;
  dy: number;
  /** Zoom about the centre (1 = unchanged). */
  scale: number;
}

export const variantKey = (v: FrameVariant | undefined) => (v ? `|v${v.dx},${v.dy},${v.scale}` : "");

/** The photo shifted by (dx, dy) and zoomed by `scale` about its centre, same size, bilinear, black outside. */
export function variantFrame(frame: RgbaFrame, v: FrameVariant): RgbaFrame {
  const { width: w, height: h, data } = frame;
  const out = new Uint8ClampedArray(w * h * 4);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = (x - cx - v.dx) / v.scale + cx;
      const sy = (y - cy - v.dy) / v.scale + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * w + x) * 4;
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let j = 0; j < 2; j++) {
          for (let i = 0; i < 2; i++) {
            const px = x0 + i;
            const py = y0 + j;
            if (px < 0 || py < 0 || px >= w || py >= h) continue;
            acc += data[(py * w + px) * 4 + c] * (i ? fx : 1 - fx) * (j ? fy : 1 - fy);
          }
        }
        out[o + c] = acc;
      }
      out[o + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

const toB64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
const fromB64 = (s: string) => {
  const b = Buffer.from(s, "base64");
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

interface StoredFace extends Omit<FaceRecord, "emb" | "flip"> {
  emb: string;
  flip: string;
}

/** Detects, aligns and embeds (plain and mirrored) the faces of one frame. */
export async function extractImage(recognizer: FaceRecognizer, frame: RgbaFrame, maxFaces = MAX_FACES_PER_IMAGE): Promise<ImageRecord> {
  const { detections } = await recognizer.detect(frame, { maxSide: detectorSideFor() });
  const gates = { ...DEFAULT_QUALITY, minScore: 0 };
  const chosen = detections
    .filter((d) => assessQuality(d, frame.width, frame.height, gates).ok)
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
    .slice(0, maxFaces);
  if (chosen.length === 0) return { width: frame.width, height: frame.height, faces: [], detections: detections.length };
  const dim = recognizer.embeddingDim;
  const plain = (await recognizer.embedFaces(frame, chosen)).embeddings;
  const flipped = (await recognizer.embedFaces(frame, chosen, { flip: true })).embeddings;
  const faces = chosen.map((d, i) => ({
    box: [d.box.x, d.box.y, d.box.width, d.box.height] as FaceRecord["box"],
    score: d.score,
    faceSize: Math.min(d.box.width, d.box.height),
    alignmentError: alignmentError(d),
    emb: plain.slice(i * dim, (i + 1) * dim),
    flip: flipped.slice(i * dim, (i + 1) * dim),
  }));
  return { width: frame.width, height: frame.height, faces, detections: detections.length };
}

export class FaceCache {
  private readonly records = new Map<string, ImageRecord>();
  readonly file: string;
  hits = 0;
  misses = 0;

  constructor(cacheKey: string, dir = path.join(REPO_ROOT, ".vigil/embeddings")) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${cacheKey}-${EXTRACTION_VERSION}.jsonl`);
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, "utf8").split("\n")) {
        if (!line) continue;
        try {
          const { k, r } = JSON.parse(line) as { k: string; r: Omit<ImageRecord, "faces"> & { faces: StoredFace[] } };
          this.records.set(k, { ...r, faces: r.faces.map((f) => ({ ...f, emb: fromB64(f.emb), flip: fromB64(f.flip) })) });
        } catch {
          // A torn last line (interrupted run) is skipped and recomputed.
        }
      }
    }
  }

  get size(): number {
    return this.records.size;
  }

  /** The cached record of an image file, or null (never computes). */
  async peek(file: string, variant?: FrameVariant): Promise<ImageRecord | null> {
    const bytes = new Uint8Array(await readFile(file));
    return this.records.get(createHash("sha256").update(bytes).digest("hex") + variantKey(variant)) ?? null;
  }

  /** The record of an image file (optionally a geometric variant of it), from the cache or extracted now. */
  async get(recognizer: FaceRecognizer, file: string, variant?: FrameVariant, maxFaces = MAX_FACES_PER_IMAGE): Promise<ImageRecord> {
    const bytes = new Uint8Array(await readFile(file));
    const key = createHash("sha256").update(bytes).digest("hex") + variantKey(variant);
    const hit = this.records.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.misses++;
    let frame: RgbaFrame;
    try {
      frame = decodeImage(bytes);
    } catch (e) {
      throw new Error(`cannot decode ${file}: ${(e as Error).message}`);
    }
    const rec = variant ? await extractImage(recognizer, variantFrame(frame, variant), 1) : await extractImage(recognizer, frame, maxFaces);
    this.records.set(key, rec);
    const stored = { ...rec, faces: rec.faces.map((f) => ({ ...f, emb: toB64(f.emb), flip: toB64(f.flip) })) };
    appendFileSync(this.file, `${JSON.stringify({ k: key, r: stored })}\n`);
    return rec;
  }
}
