import { decodeYunet, scaleDetection, type YunetOutputs } from "./decode-yunet";
import { chooseDetectorInput, computeLetterbox, letterboxToBgrTensor, LetterboxScratch, type DetectorInputSize } from "./letterbox";
import { nms } from "./nms";
import { ort } from "./ort-runtime";
import type { Detection, RgbaFrame } from "./types";

export interface DetectorOptions {
  /**
   * Minimum detector score (sqrt(cls*obj)). 0.6 finds every face in the group photos of the
   * evaluation set (the crowd selfie has faces between 0.6 and 0.9), with no false detection;
   * OpenCV's 0.9 default misses three of them. See docs/recognition.md.
   */
  scoreThreshold: number;
  /** IoU above which the weaker of two overlapping boxes is dropped (OpenCV default 0.3). */
  nmsThreshold: number;
  /** At most this many faces per frame, best first. */
  topK: number;
  /** Longest detector input side (multiple of 32). */
  maxSide: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  scoreThreshold: 0.6,
  nmsThreshold: 0.3,
  topK: 50,
  maxSide: 640,
};

export interface DetectResult {
  detections: Detection[];
  input: DetectorInputSize;
  timings: { preprocess: number; detect: number; decode: number };
}

interface InputBuffers {
  data: Float32Array;
  tensor: ort.Tensor;
}

const now = () => performance.now();

/** A session, or how to create it on first use. */
export type SessionSource = ort.InferenceSession | (() => Promise<ort.InferenceSession>);

/**
 * YuNet face detector. Holds the fixed 640x640 session (square frames) and the dynamic one
 * (every other aspect ratio), and reuses one input tensor per input size. The fixed session may
 * be given as a factory: it is then created on the first square frame (a 16:9 camera never needs
 * it, so a station's start-up does not pay for it).
 */
export class FaceDetector {
  private readonly buffers = new Map<string, InputBuffers>();
  private readonly scratch = new LetterboxScratch();
  private fixed: Promise<ort.InferenceSession> | null = null;
  private fixedCreated: ort.InferenceSession | null = null;
  private disposed = false;

  constructor(
    private readonly fixedSource: SessionSource,
    private readonly dynamic: ort.InferenceSession,
    readonly options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS,
  ) {
    if (typeof fixedSource !== "function") {
      this.fixedCreated = fixedSource;
      this.fixed = Promise.resolve(fixedSource);
    }
  }

  /** Whether the fixed 640x640 session exists yet. */
  get fixedSessionCreated(): boolean {
    return this.fixedCreated !== null;
  }

  private fixedSession(): Promise<ort.InferenceSession> {
    if (!this.fixed) {
      const create = this.fixedSource as () => Promise<ort.InferenceSession>;
      this.fixed = create().then(
        (s) => {
          if (this.disposed) {
            void s.release();
            throw new Error("detector disposed");
          }
          return (this.fixedCreated = s);
        },
        (e: unknown) => {
          this.fixed = null; // the next square frame tries again
          throw e;
        },
      );
    }
    return this.fixed;
  }

  private buffersFor(w: number, h: number): InputBuffers {
    const key = `${w}x${h}`;
    let b = this.buffers.get(key);
    if (!b) {
      const data = new Float32Array(3 * w * h);
      b = { data, tensor: new ort.Tensor("float32", data, [1, 3, h, w]) };
      this.buffers.set(key, b);
    }
    return b;
  }

  async detect(frame: RgbaFrame, opts: Partial<DetectorOptions> = {}): Promise<DetectResult> {
    const o = { ...this.options, ...opts };
    const t0 = now();
    const input = chooseDetectorInput(frame.width, frame.height, o.maxSide);
    const lb = computeLetterbox(frame.width, frame.height, input.width, input.height);
    const buf = this.buffersFor(input.width, input.height);
    letterboxToBgrTensor(frame, lb, buf.data, this.scratch);
    const t1 = now();
    const session = input.model === "yunet" ? await this.fixedSession() : this.dynamic;
    const results = await session.run({ [session.inputNames[0]]: buf.tensor });
    const t2 = now();
    const outputs: YunetOutputs = {};
    for (const [name, tensor] of Object.entries(results)) outputs[name] = tensor.data as Float32Array;
    const raw = decodeYunet(outputs, input.width, input.height, o.scoreThreshold);
    const kept = nms(raw, o.nmsThreshold, o.topK).map((d) => scaleDetection(d, lb.scale));
    for (const t of Object.values(results)) t.dispose?.();
    const t3 = now();
    return { detections: kept, input, timings: { preprocess: t1 - t0, detect: t2 - t1, decode: t3 - t2 } };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([this.fixedCreated?.release(), this.dynamic.release()]);
  }
}
