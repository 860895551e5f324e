import { FACE_SIZE } from "./models";
import type { Landmarks, Point, RgbaFrame } from "./types";

/**
 * The standard ArcFace 112x112 five-point template (insightface `arcface_dst`), in the YuNet
 * landmark order: right eye, left eye, nose, right mouth corner, left mouth corner.
 */
export const ARCFACE_TEMPLATE: Landmarks = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/**
 * A 2-D similarity transform `[a, -b, tx; b, a, ty]`: dst = s*R*src + t with
 * a = s*cos(theta), b = s*sin(theta).
 */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/**
 * Least-squares similarity transform (rotation, uniform scale, translation; no reflection) that
 * maps `src` onto `dst`: Umeyama's method specialised to 2-D. In 2-D the SVD step has a closed
 * form: with centred points p, q written as complex numbers, the optimal s*e^(i*theta) is
 * sum(conj(p) * q) / sum(|p|^2), which is exactly Umeyama's proper-rotation solution.
 */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  const n = src.length;
  if (n < 2 || dst.length !== n) throw new Error("estimateSimilarity needs >= 2 matching point pairs");
  let mpx = 0,
    mpy = 0,
    mqx = 0,
    mqy = 0;
  for (let i = 0; i < n; i++) {
    mpx += src[i][0];
    mpy += src[i][1];
    mqx += dst[i][0];
    mqy += dst[i][1];
  }
  mpx /= n;
  mpy /= n;
  mqx /= n;
  mqy /= n;
  let re = 0,
    im = 0,
    norm = 0;
  for (let i = 0; i < n; i++) {
    const px = src[i][0] - mpx,
      py = src[i][1] - mpy;
    const qx = dst[i][0] - mqx,
      qy = dst[i][1] - mqy;
    re += px * qx + py * qy;
    im += px * qy - py * qx;
    norm += px * px + py * py;
  }
  if (norm <= 0) throw new Error("estimateSimilarity: source points are all identical");
  const a = re / norm;
  const b = im / norm;
  return { a, b, tx: mqx - (a * mpx - b * mpy), ty: mqy - (b * mpx + a * mpy) };
}

export function applySimilarity(m: Similarity, [x, y]: Point): Point {
  return [m.a * x - m.b * y + m.tx, m.b * x + m.a * y + m.ty];
}

export function invertSimilarity(m: Similarity): Similarity {
  const d = m.a * m.a + m.b * m.b;
  if (d === 0) throw new Error("degenerate similarity transform");
  const a = m.a / d;
  const b = -m.b / d;
  return { a, b, tx: -(a * m.tx - b * m.ty), ty: -(b * m.tx + a * m.ty) };
}

/** Scale factor (template pixels per frame pixel) of a similarity. */
export function similarityScale(m: Similarity): number {
  return Math.hypot(m.a, m.b);
}

/**
 * Where a model wants the five landmarks in its input crop: `"arcface-5pt"` (the 112-pixel ArcFace
 * template scaled by size/112) or the model's own template, in its input pixels, in the YuNet order
 * (right eye, left eye, nose, right mouth corner, left mouth corner; "right" is the image's left).
 */
export type FaceAlignment = "arcface-5pt" | { template: Landmarks };

/**
 * Transform that maps a face's landmarks onto the model's template, for a crop of `size` pixels
 * (by default the ArcFace template scaled by size/112).
 */
export function alignmentTransform(landmarks: Landmarks, size = FACE_SIZE, alignment: FaceAlignment = "arcface-5pt"): Similarity {
  if (alignment !== "arcface-5pt") return estimateSimilarity(landmarks, alignment.template);
  const k = size / FACE_SIZE;
  return estimateSimilarity(landmarks, k === 1 ? ARCFACE_TEMPLATE : (ARCFACE_TEMPLATE.map(([x, y]): Point => [x * k, y * k]) as Landmarks));
}

/**
 * Adds the frame's bilinear sample at (x, y) to `rgb`. Each of the four taps contributes only when
 * inside the frame (OpenCV BORDER_CONSTANT 0: black outside).
 */
function addBilinear(frame: RgbaFrame, x: number, y: number, rgb: Float64Array): void {
  const { width: fw, height: fh, data } = frame;
  const x0 = Math.floor(x),
    y0 = Math.floor(y);
  const wx = x - x0,
    wy = y - y0;
  for (let t = 0; t < 4; t++) {
    const xx = x0 + (t & 1),
      yy = y0 + (t >> 1);
    if (xx < 0 || yy < 0 || xx >= fw || yy >= fh) continue;
    const w = (t & 1 ? wx : 1 - wx) * (t >> 1 ? wy : 1 - wy);
    const p = (yy * fw + xx) * 4;
    rgb[0] += data[p] * w;
    rgb[1] += data[p + 1] * w;
    rgb[2] += data[p + 2] * w;
  }
}

/**
 * The aligned crop an embedding model takes: its side, channel order, and per-channel
 * `(pixel/255 - mean) / std` in that order (lib/recognition/embedding-models.json).
 */
export interface FaceTensorFormat {
  /** Side of the square aligned crop, pixels. */
  inputSize: number;
  channelOrder: "RGB" | "BGR";
  /** input = (pixel/255 - mean) / std, per channel in `channelOrder`. */
  normalisation: { mean: readonly [number, number, number]; std: readonly [number, number, number] };
  /** Where the landmarks go in the crop; the ArcFace template when absent. */
  alignment?: FaceAlignment;
}

/** foamliu's MobileFaceNet: 112 px, RGB, ImageNet mean / std. */
export const MOBILEFACENET_TENSOR: FaceTensorFormat = {
  inputSize: FACE_SIZE,
  channelOrder: "RGB",
  normalisation: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
};

/** Floats in one aligned face tensor of this format (3 x size x size). */
export const faceTensorLength = (format: FaceTensorFormat): number => 3 * format.inputSize * format.inputSize;

/**
 * Warps the face into a `format.inputSize` square crop (OpenCV `warpAffine` convention: output
 * pixel (u, v) samples the frame at M^-1 (u, v), bilinear, black outside) and writes it as
 * normalised NCHW, channels in `format.channelOrder`, into `out` starting at `offset`
 * (3*size*size floats). `toTemplate` maps onto the template at that size (`alignmentTransform`).
 * When the face is shrunk by more than 2x the crop is supersampled (k x k bilinear taps per pixel)
 * to avoid aliasing.
 */
export function warpFaceToTensor(
  frame: RgbaFrame,
  toTemplate: Similarity,
  out: Float32Array,
  offset = 0,
  format: FaceTensorFormat = MOBILEFACENET_TENSOR,
): void {
  const size = format.inputSize;
  const plane = size * size;
  if (out.length < offset + 3 * plane) throw new Error("tensor buffer too small for the aligned face");
  const inv = invertSimilarity(toTemplate);
  const shrink = similarityScale(toTemplate); // template px per frame px
  const k = shrink < 0.5 ? Math.min(4, Math.ceil(0.5 / shrink)) : 1;
  const rgb = new Float64Array(3);
  const { mean, std } = format.normalisation;
  const s0 = 1 / (255 * std[0]),
    s1 = 1 / (255 * std[1]),
    s2 = 1 / (255 * std[2]);
  const m0 = mean[0] / std[0],
    m1 = mean[1] / std[1],
    m2 = mean[2] / std[2];
  // Planes in the model's channel order: plane 0 takes red for RGB, blue for BGR.
  const [c0, c2] = format.channelOrder === "BGR" ? [2, 0] : [0, 2];
  const kk = 1 / (k * k);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      rgb.fill(0);
      for (let sy = 0; sy < k; sy++) {
        const vv = k === 1 ? v : v + (sy + 0.5) / k - 0.5;
        for (let sx = 0; sx < k; sx++) {
          const uu = k === 1 ? u : u + (sx + 0.5) / k - 0.5;
          addBilinear(frame, inv.a * uu - inv.b * vv + inv.tx, inv.b * uu + inv.a * vv + inv.ty, rgb);
        }
      }
      const o = offset + v * size + u;
      out[o] = rgb[c0] * kk * s0 - m0;
      out[o + plane] = rgb[1] * kk * s1 - m1;
      out[o + 2 * plane] = rgb[c2] * kk * s2 - m2;
    }
  }
}

/** Mirrors an aligned face tensor (3 x size x size, NCHW) left-right in place. */
export function flipFaceTensorInPlace(t: Float32Array, offset = 0, size = FACE_SIZE): void {
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < size; v++) {
      const row = offset + c * size * size + v * size;
      for (let u = 0, w = size - 1; u < w; u++, w--) {
        const x = t[row + u];
        t[row + u] = t[row + w];
        t[row + w] = x;
      }
    }
  }
}

/** The aligned face as an RGBA image (for thumbnails, enrolment review and debugging). */
export function warpFaceToRgba(frame: RgbaFrame, toTemplate: Similarity, size = FACE_SIZE): RgbaFrame {
  const inv = invertSimilarity(toTemplate);
  const out = new Uint8ClampedArray(size * size * 4);
  const rgb = new Float64Array(3);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      rgb.fill(0);
      addBilinear(frame, inv.a * u - inv.b * v + inv.tx, inv.b * u + inv.a * v + inv.ty, rgb);
      const o = (v * size + u) * 4;
      out[o] = rgb[0];
      out[o + 1] = rgb[1];
      out[o + 2] = rgb[2];
      out[o + 3] = 255;
    }
  }
  return { width: size, height: size, data: out };
}
