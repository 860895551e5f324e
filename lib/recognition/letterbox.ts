import type { RgbaFrame } from "./types";

/** YuNet needs input sides that are multiples of this. */
export const DETECTOR_DIVISOR = 32;
/** Longest detector input side. */
export const DETECTOR_MAX_SIDE = 640;

export interface DetectorInputSize {
  width: number;
  height: number;
  /** `yunet` (fixed 640x640) for square inputs, `yunet-dynamic` for every other size. */
  model: "yunet" | "yunet-dynamic";
}

/**
 * Detector input for a frame: the long side is `maxSide`, the short side keeps the aspect ratio
 * rounded UP to a multiple of 32 (16:9 -> 640x384, 4:3 -> 640x480, 9:16 -> 384x640). A frame
 * that comes out 640x640 uses the fixed model.
 */
export function chooseDetectorInput(frameWidth: number, frameHeight: number, maxSide = DETECTOR_MAX_SIDE): DetectorInputSize {
  if (!(frameWidth > 0 && frameHeight > 0)) throw new Error(`invalid frame size ${frameWidth}x${frameHeight}`);
  if (maxSide % DETECTOR_DIVISOR !== 0) throw new Error(`maxSide must be a multiple of ${DETECTOR_DIVISOR}`);
  const roundUp = (v: number) => Math.max(DETECTOR_DIVISOR, Math.ceil(v / DETECTOR_DIVISOR - 1e-9) * DETECTOR_DIVISOR);
  let width: number;
  let height: number;
  if (frameWidth >= frameHeight) {
    width = maxSide;
    height = Math.min(maxSide, roundUp((maxSide * frameHeight) / frameWidth));
  } else {
    height = maxSide;
    width = Math.min(maxSide, roundUp((maxSide * frameWidth) / frameHeight));
  }
  const model = width === 640 && height === 640 ? "yunet" : "yunet-dynamic";
  return { width, height, model };
}

/** How a frame sits inside the detector input: scaled by `scale`, top-left aligned, zero padding right/bottom. */
export interface Letterbox {
  inputWidth: number;
  inputHeight: number;
  /** input pixels per frame pixel */
  scale: number;
  contentWidth: number;
  contentHeight: number;
}

export function computeLetterbox(frameWidth: number, frameHeight: number, inputWidth: number, inputHeight: number): Letterbox {
  const scale = Math.min(inputWidth / frameWidth, inputHeight / frameHeight);
  return {
    inputWidth,
    inputHeight,
    scale,
    contentWidth: Math.min(inputWidth, Math.round(frameWidth * scale)),
    contentHeight: Math.min(inputHeight, Math.round(frameHeight * scale)),
  };
}

/** Reusable buffers for `letterboxToBgrTensor` (kept by the detector between frames). */
export class LetterboxScratch {
  reduced = new Float32Array(0);
  xIndex = new Int32Array(0);
  xWeight = new Float32Array(0);
}

/**
 * Resizes `frame` into the top-left of an NCHW BGR float tensor of `lb.inputWidth x lb.inputHeight`
 * with raw 0..255 values (YuNet's expected input), zero elsewhere. Bilinear sampling with pixel
 * centres like OpenCV `resize`; when shrinking by more than 2x the frame is first box-averaged by
 * an integer factor so the detector does not see aliasing.
 */
export function letterboxToBgrTensor(frame: RgbaFrame, lb: Letterbox, out: Float32Array, scratch = new LetterboxScratch()): void {
  const { inputWidth: W, inputHeight: H, contentWidth: cw, contentHeight: ch } = lb;
  const plane = W * H;
  if (out.length < 3 * plane) throw new Error(`tensor buffer too small: ${out.length} < ${3 * plane}`);
  if (frame.data.length < frame.width * frame.height * 4) throw new Error("frame data shorter than width*height*4");
  out.fill(0, 0, 3 * plane);

  let src: ArrayLike<number> = frame.data;
  let stride = 4;
  let sw = frame.width;
  let sh = frame.height;
  let scale = lb.scale;
  if (scale < 0.5) {
    const f = Math.ceil(0.5 / scale);
    const rw = Math.floor(sw / f);
    const rh = Math.floor(sh / f);
    if (scratch.reduced.length < rw * rh * 3) scratch.reduced = new Float32Array(rw * rh * 3);
    boxReduce(frame, f, rw, rh, scratch.reduced);
    src = scratch.reduced;
    stride = 3;
    sw = rw;
    sh = rh;
    scale *= f;
  }

  // Per-column source index (already multiplied by stride) and weight, computed once.
  if (scratch.xIndex.length < cw * 2) {
    scratch.xIndex = new Int32Array(cw * 2);
    scratch.xWeight = new Float32Array(cw);
  }
  const xi = scratch.xIndex;
  const xw = scratch.xWeight;
  const inv = 1 / scale;
  for (let x = 0; x < cw; x++) {
    let fx = (x + 0.5) * inv - 0.5;
    if (fx < 0) fx = 0;
    let x0 = Math.floor(fx);
    if (x0 > sw - 1) x0 = sw - 1;
    const x1 = x0 < sw - 1 ? x0 + 1 : x0;
    xi[2 * x] = x0 * stride;
    xi[2 * x + 1] = x1 * stride;
    xw[x] = Math.min(1, fx - x0);
  }

  const rowStride = sw * stride;
  for (let y = 0; y < ch; y++) {
    let fy = (y + 0.5) * inv - 0.5;
    if (fy < 0) fy = 0;
    let y0 = Math.floor(fy);
    if (y0 > sh - 1) y0 = sh - 1;
    const y1 = y0 < sh - 1 ? y0 + 1 : y0;
    const wy = Math.min(1, fy - y0);
    const r0 = y0 * rowStride;
    const r1 = y1 * rowStride;
    const o = y * W;
    for (let x = 0; x < cw; x++) {
      const a = r0 + xi[2 * x];
      const b = r0 + xi[2 * x + 1];
      const c = r1 + xi[2 * x];
      const d = r1 + xi[2 * x + 1];
      const wx = xw[x];
      const w00 = (1 - wx) * (1 - wy);
      const w01 = wx * (1 - wy);
      const w10 = (1 - wx) * wy;
      const w11 = wx * wy;
      // R, G, B in the source; B, G, R planes in the tensor.
      out[2 * plane + o + x] = src[a] * w00 + src[b] * w01 + src[c] * w10 + src[d] * w11;
      out[plane + o + x] = src[a + 1] * w00 + src[b + 1] * w01 + src[c + 1] * w10 + src[d + 1] * w11;
      out[o + x] = src[a + 2] * w00 + src[b + 2] * w01 + src[c + 2] * w10 + src[d + 2] * w11;
    }
  }
}

/** Averages f x f blocks of the RGBA frame into an RGB float image of rw x rh. */
function boxReduce(frame: RgbaFrame, f: number, rw: number, rh: number, out: Float32Array): void {
  const data = frame.data;
  const fw = frame.width;
  const norm = 1 / (f * f);
  out.fill(0, 0, rw * rh * 3);
  for (let ry = 0; ry < rh; ry++) {
    const orow = ry * rw * 3;
    for (let dy = 0; dy < f; dy++) {
      let p = (ry * f + dy) * fw * 4;
      for (let rx = 0; rx < rw; rx++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let dx = 0; dx < f; dx++) {
          r += data[p];
          g += data[p + 1];
          b += data[p + 2];
          p += 4;
        }
        const o = orow + rx * 3;
        out[o] += r;
        out[o + 1] += g;
        out[o + 2] += b;
      }
    }
    for (let i = orow, end = orow + rw * 3; i < end; i++) out[i] *= norm;
  }
}
