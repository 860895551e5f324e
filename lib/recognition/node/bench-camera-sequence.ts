import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { Gallery } from "../gallery";
import { MODEL_IDS, type ModelId } from "../models";
import { FaceRecognizer } from "../pipeline";
import type { RgbaFrame } from "../types";
import { createRecognitionHandler } from "../worker/handler";
import type { ResultMessage, WorkerResponse } from "../worker/protocol";
import { findModelFile } from "./load-models";

export interface CameraSequenceBench {
  framePolicy: boolean;
  frames: number;
  msPerFrame: number;
  framesPerSecond: number;
  /** Frames in which at least one face was embedded. */
  framesEmbedded: number;
  /** Frames detected below the full detector size. */
  framesDetectedSmall: number;
  matchEvents: number;
}

/**
 * Runs a camera's frame sequence through the station worker's own handler (tracker, frame policy,
 * recognizer, matcher) in Node, timing each frame as the worker would: the figures `bench:recognition`
 * prints for "frames/s with and without the frame policy". Frames are stamped at `cameraFps`.
 */
export async function benchCameraSequence(
  frames: readonly RgbaFrame[],
  opts: { gallery: Gallery; threshold: number; framePolicy: boolean; cameraFps?: number },
): Promise<CameraSequenceBench> {
  const results: ResultMessage[] = [];
  let failure: string | null = null;
  const handler = createRecognitionHandler({
    post: (m: WorkerResponse) => {
      if (m.type === "result") results.push(m);
      if (m.type === "error") failure = m.message;
    },
    fetchModel: async (file) => {
      const bytes = await readFile(file);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    decodeImage: async (image) => {
      if (image.kind !== "rgba") throw new Error("benchCameraSequence reads rgba frames only");
      return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
    },
    createRecognizer: (models, o) =>
      FaceRecognizer.create(models, { ...o, wasmPaths: undefined, backend: "wasm", numThreads: availableParallelism(), verify: false }),
  });
  const models = Object.fromEntries(MODEL_IDS.map((id: ModelId) => [id, findModelFile(id)])) as Record<ModelId, string>;
  await handler.handle({
    type: "load",
    models,
    backend: "wasm",
    threshold: opts.threshold,
    gallery: { ids: [...opts.gallery.ids], vectors: opts.gallery.vectors, dim: opts.gallery.dim },
    framePolicy: opts.framePolicy ? undefined : false,
  });
  if (failure) throw new Error(`benchCameraSequence: ${failure}`);
  const step = 1000 / (opts.cameraFps ?? 20);
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    const data = new Uint8ClampedArray(f.data).buffer;
    await handler.handle({ type: "frame", frameId: i + 1, timestamp: i * step, image: { kind: "rgba", width: f.width, height: f.height, data } });
    if (failure) throw new Error(`benchCameraSequence: ${failure}`);
  }
  const ms = performance.now() - t0;
  await handler.handle({ type: "dispose" });
  const msPerFrame = ms / frames.length;
  return {
    framePolicy: opts.framePolicy,
    frames: frames.length,
    msPerFrame: Math.round(msPerFrame * 10) / 10,
    framesPerSecond: Math.round((1000 / msPerFrame) * 10) / 10,
    framesEmbedded: results.filter((r) => r.timings.embed > 0).length,
    framesDetectedSmall: results.filter((r) => Math.max(r.detectorInput.width, r.detectorInput.height) < 640).length,
    matchEvents: results.reduce((n, r) => n + r.events.filter((e) => e.type === "match").length, 0),
  };
}
