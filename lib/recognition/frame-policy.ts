import { DETECTOR_MAX_SIDE } from "./letterbox";
import type { Box } from "./types";

/**
 * How much work the next camera frame needs. Two savings, both safe for the per-track decision:
 *  - **Detect at a lower resolution when faces are large.** When every face of the last frame would
 *    still be `minFaceAtSmall` pixels wide in a `smallSide` detector input, the next frame is
 *    detected at that size (about a quarter of the pixels). Every `fullEvery`-th frame, and any frame
 *    after one with no face or a small face, is detected at full size, so a distant newcomer is
 *    found within `fullEvery` frames.
 *  - **Embed a track again only when it can change the decision** (`FaceTracker.embeddingWanted`):
 *    new tracks, tracks not yet confirmed, frames better than the track's fused set, and a periodic
 *    re-check. The others are linked by position only.
 * `npm run bench:recognition` prints frames/s with and without the policy, side by side.
 */
export interface FramePolicyOptions {
  /** Detector long side for large faces (a multiple of 32). */
  smallSide: number;
  /** Detector long side otherwise. */
  fullSide: number;
  /** Smallest face width, in detector-input pixels at `smallSide`, that still allows the small input. */
  minFaceAtSmall: number;
  /** Detect at full size at least every this many frames. */
  fullEvery: number;
}

export const DEFAULT_FRAME_POLICY: FramePolicyOptions = {
  smallSide: 320,
  fullSide: DETECTOR_MAX_SIDE,
  minFaceAtSmall: 48,
  fullEvery: 5,
};

export class FramePolicy {
  readonly options: FramePolicyOptions;
  private small = false;
  private sinceFull = 0;

  constructor(options: Partial<FramePolicyOptions> = {}) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_FRAME_POLICY, ...given };
    if (this.options.smallSide % 32 !== 0 || this.options.fullSide % 32 !== 0) throw new Error("FramePolicy: detector sides must be multiples of 32");
  }

  /** The detector's long side for the next frame. */
  nextDetectorSide(): number {
    return this.small && this.sinceFull < this.options.fullEvery - 1 ? this.options.smallSide : this.options.fullSide;
  }

  /** Records what the frame just detected at `side` found. */
  observe(frameWidth: number, frameHeight: number, side: number, boxes: readonly Box[]): void {
    this.sinceFull = side === this.options.fullSide ? 0 : this.sinceFull + 1;
    if (boxes.length === 0) {
      this.small = false;
      return;
    }
    const scaleAtSmall = this.options.smallSide / Math.max(frameWidth, frameHeight);
    const smallest = Math.min(...boxes.map((b) => Math.min(b.width, b.height)));
    this.small = smallest * scaleAtSmall >= this.options.minFaceAtSmall;
  }

  reset(): void {
    this.small = false;
    this.sinceFull = 0;
  }
}
