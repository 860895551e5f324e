/**
 * The model manifest: the one place that says which model files Vigil runs, where they come
 * from, what they look like and under which licence. `scripts/setup-models.ts` installs them
 * into `public/models/` and checks every byte against `sha256`; the worker and the Node tools
 * load them by id from here. Provenance notes: `../shared/models/SOURCES.md` and
 * `docs/recognition.md`.
 */

export type ModelId = "yunet" | "yunet-dynamic" | "mobilefacenet";

export interface ModelInputSpec {
  /** Name of the ONNX input tensor. */
  name: string;
  /** Shape; strings are symbolic (dynamic) dimensions. */
  shape: (number | string)[];
  layout: "NCHW";
  channelOrder: "BGR" | "RGB";
  /** How pixel values 0..255 are turned into the input. */
  normalisation: string;
}

export interface ModelSpec {
  id: ModelId;
  /** Human version label. */
  version: string;
  /** File name under `public/models/` (and in the shared model folder). */
  fileName: string;
  sha256: string;
  bytes: number;
  /** Pinned upstream URL (a commit, not a branch), used when no local copy is available. */
  url: string;
  role: string;
  licence: string;
  input: ModelInputSpec;
  outputs: string[];
}

const YUNET_OUTPUTS = ["cls_8", "cls_16", "cls_32", "obj_8", "obj_16", "obj_32", "bbox_8", "bbox_16", "bbox_32", "kps_8", "kps_16", "kps_32"];

export const MODELS: Readonly<Record<ModelId, ModelSpec>> = {
  yunet: {
    id: "yunet",
    version: "YuNet 2023mar (yunet_s 640x640)",
    fileName: "face_detection_yunet_2023mar.onnx",
    sha256: "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4",
    bytes: 232_589,
    url: "https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_s_640_640.onnx",
    role: "Face detector with 5 landmarks, fixed 640x640 input (used for square frames).",
    licence: "MIT (OpenCV Zoo); Apache-2.0 (libfacedetection.train)",
    input: {
      name: "input",
      shape: [1, 3, 640, 640],
      layout: "NCHW",
      channelOrder: "BGR",
      normalisation: "raw 0..255, no mean, no scale",
    },
    outputs: YUNET_OUTPUTS,
  },
  "yunet-dynamic": {
    id: "yunet-dynamic",
    version: "YuNet 2023mar (yunet_s dynamic)",
    fileName: "face_detection_yunet_2023mar_dynamic.onnx",
    sha256: "daede24002cc8590f457998cc5e6c9e8b82f45f6bd969506a8913cd4ed10a2d3",
    bytes: 237_823,
    url: "https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_s_dynamic.onnx",
    role: "The same YuNet weights with a dynamic input; H and W must be multiples of 32 (e.g. 640x384 for 16:9).",
    licence: "Apache-2.0 (libfacedetection.train)",
    input: {
      name: "input",
      shape: ["batch", 3, "height", "width"],
      layout: "NCHW",
      channelOrder: "BGR",
      normalisation: "raw 0..255, no mean, no scale",
    },
    outputs: YUNET_OUTPUTS,
  },
  mobilefacenet: {
    id: "mobilefacenet",
    version: "MobileFaceNet (foamliu v1.0, 128-d)",
    fileName: "face_recognition_mobilefacenet_foamliu.onnx",
    sha256: "85cdeb7368ed6a1e9cbaaa6f283c6b2439f1fa533c17450bfdc7f357d285d5d1",
    bytes: 3_998_450,
    url: "https://raw.githubusercontent.com/nytdevansh/V-Face/ce7dd1b29166b24b10dea100f2f802ced180ca5c/model/mobilefacenet.onnx",
    role: "Face embedding: aligned 112x112 face -> 128-d vector (L2-normalised here, cosine similarity).",
    licence:
      "Apache-2.0 (foamliu/MobileFaceNet weights); the ONNX export comes from a GPL-3.0 repo and the training data (MS-Celeb-1M derivative) has research-only terms - see docs/recognition.md",
    input: {
      name: "input",
      shape: ["batch_size", 3, 112, 112],
      layout: "NCHW",
      channelOrder: "RGB",
      normalisation: "(x/255 - [0.485,0.456,0.406]) / [0.229,0.224,0.225], ArcFace 5-point alignment",
    },
    outputs: ["embedding"],
  },
};

export const MODEL_IDS = Object.keys(MODELS) as ModelId[];

/** Embedding length of the recognition model. */
export const EMBEDDING_DIM = 128;

/** Side of the aligned face crop fed to the embedder. */
export const FACE_SIZE = 112;

/** URL of a model as served by the app (`public/models/` is served at `/models/`). */
export function modelUrl(id: ModelId, base = "/models/"): string {
  return `${base.endsWith("/") ? base : `${base}/`}${MODELS[id].fileName}`;
}

/** URLs of every model, keyed by id, for the worker's `load` message. */
export function defaultModelUrls(base = "/models/"): Record<ModelId, string> {
  return {
    yunet: modelUrl("yunet", base),
    "yunet-dynamic": modelUrl("yunet-dynamic", base),
    mobilefacenet: modelUrl("mobilefacenet", base),
  };
}
