"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { alignmentTransform, warpFaceToRgba } from "@/lib/recognition/align";
import { defaultModelUrls, FACE_SIZE, MODELS } from "@/lib/recognition/models";
import { DEFAULT_MATCH_THRESHOLD } from "@/lib/recognition/thresholds";
import type { Landmarks } from "@/lib/recognition/types";
import { RecognitionClient } from "@/lib/recognition/worker/recognition-client";
import { embeddingToBase64 } from "@/lib/watchlists/embedding-codec";

export type EnrolOutcome =
  | { ok: true; embedding: string; faceJpeg: string; previewUrl: string; detectorScore: number; faceSize: number; modelId: string; modelVersion: string }
  | {
      ok: false;
      message: string;
      /** The worker's rejection reason (no_face, multiple_faces, face_too_small, low_quality), when it rejected the photo. */ reason?: string;
    };

const REASONS: Record<string, string> = {
  no_face: "No face was found in the photo.",
  multiple_faces: "More than one face of similar size: crop the photo to the one person.",
  face_too_small: "The face is too small for a reliable enrolment: use a closer or larger photo.",
  low_quality: "The face is not clear or frontal enough for enrolment.",
};

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The aligned 112x112 face as a JPEG, from the photo and the landmarks the worker found (same warp as the model's input). */
async function alignedFaceJpeg(file: Blob, box: { x: number; y: number; width: number; height: number }, landmarks: Landmarks): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    // Only the region around the face is read back, not the whole photo.
    const margin = Math.max(box.width, box.height);
    const x0 = Math.max(0, Math.floor(box.x - margin));
    const y0 = Math.max(0, Math.floor(box.y - margin));
    const x1 = Math.min(bitmap.width, Math.ceil(box.x + box.width + margin));
    const y1 = Math.min(bitmap.height, Math.ceil(box.y + box.height + margin));
    const region = new OffscreenCanvas(Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    const rc = region.getContext("2d")!;
    rc.drawImage(bitmap, x0, y0, region.width, region.height, 0, 0, region.width, region.height);
    const pixels = rc.getImageData(0, 0, region.width, region.height);
    const local = landmarks.map(([x, y]) => [x - x0, y - y0]) as Landmarks;
    const face = warpFaceToRgba({ width: region.width, height: region.height, data: pixels.data }, alignmentTransform(local));
    const out = new OffscreenCanvas(FACE_SIZE, FACE_SIZE);
    out.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(face.data), FACE_SIZE, FACE_SIZE), 0, 0);
    return await out.convertToBlob({ type: "image/jpeg", quality: 0.9 });
  } finally {
    bitmap.close();
  }
}

/**
 * Enrolment in the browser through the recognition worker: the models load on first use; a photo
 * must show exactly one face of enrolment quality; the result is the unit 128-d embedding and the
 * aligned face JPEG that the server validates and stores. The worker is terminated on unmount.
 */
export function useEnrolment() {
  const client = useRef<RecognitionClient | null>(null);
  const ready = useRef<Promise<unknown> | null>(null);
  const [status, setStatus] = useState<"idle" | "loading" | "ready" | "failed">("idle");
  const [detail, setDetail] = useState<string | null>(null);

  useEffect(
    () => () => {
      client.current?.dispose();
      client.current = null;
      ready.current = null;
    },
    [],
  );

  const ensure = useCallback(async () => {
    if (!client.current) {
      const c = new RecognitionClient();
      client.current = c;
      setStatus("loading");
      setDetail("Loading the recognition models in your browser…");
      ready.current = c.load({ models: defaultModelUrls(), backend: "auto", threshold: DEFAULT_MATCH_THRESHOLD }).then(
        (r) => {
          setStatus("ready");
          setDetail(`Recognition ready (${r.backend}).`);
        },
        (e: Error) => {
          setStatus("failed");
          setDetail(`The recognition models could not load: ${e.message}`);
          client.current?.dispose();
          client.current = null;
          throw e;
        },
      );
    }
    await ready.current;
    return client.current!;
  }, []);

  const enrol = useCallback(
    async (file: File): Promise<EnrolOutcome> => {
      if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return { ok: false, message: "Choose a JPEG, PNG or WebP photo." };
      if (file.size > 15 * 1024 * 1024) return { ok: false, message: "The photo is larger than 15 MB." };
      let c: RecognitionClient;
      try {
        c = await ensure();
      } catch (e) {
        return { ok: false, message: (e as Error).message };
      }
      try {
        const bytes = await file.arrayBuffer();
        const result = await c.enrol({ kind: "encoded", bytes, mimeType: file.type });
        if (result.type === "enrolRejected")
          return { ok: false, reason: result.reason, message: `${REASONS[result.reason] ?? result.reason} (${result.detail})` };
        const jpegBlob = await alignedFaceJpeg(file, result.face.box, result.face.landmarks);
        return {
          ok: true,
          embedding: embeddingToBase64(result.embedding),
          faceJpeg: toBase64(new Uint8Array(await jpegBlob.arrayBuffer())),
          previewUrl: URL.createObjectURL(jpegBlob),
          detectorScore: Math.min(1, Math.max(0, result.face.score)),
          faceSize: result.face.faceSize,
          modelId: MODELS.mobilefacenet.id,
          modelVersion: MODELS.mobilefacenet.version,
        };
      } catch (e) {
        return { ok: false, message: `Enrolment failed: ${(e as Error).message}` };
      }
    },
    [ensure],
  );

  return { enrol, status, detail, warmUp: ensure };
}
