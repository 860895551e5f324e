/**
 * `npm run demo:video [-- --out .vigil/demo/camera.y4m]`: a test video for a fake camera, built with
 * ffmpeg from ../shared/faces: the blue-list volunteer (BLUE-0001, the self-test subject), watchlisted
 * people (WL-0001, WL-0003) and unknown people pass in front of the camera one after the other, with
 * empty frames between them. During the deployment's self-test the volunteer raises the test alert
 * that lets it go live; once live, the watchlisted people raise real alerts.
 * Start Chromium with it as its camera:
 *   chromium --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
 *            --use-file-for-fake-video-capture=.vigil/demo/camera.y4m http://localhost:3000/station/<cameraId>
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

export interface VideoSegment {
  /** A photo under the faces folder, or null for an empty scene. */
  photo: string | null;
  seconds: number;
}

export const DEMO_SEQUENCE: VideoSegment[] = [
  { photo: null, seconds: 1 },
  { photo: "deepface_p01/2.jpg", seconds: 2.5 },
  { photo: null, seconds: 1.5 },
  { photo: "obama/2.jpg", seconds: 2.5 },
  { photo: null, seconds: 1.5 },
  { photo: "_unknown/2.jpg", seconds: 2.5 },
  { photo: null, seconds: 1.5 },
  { photo: "kit_harington/3.jpg", seconds: 2.5 },
  { photo: null, seconds: 1.5 },
  { photo: "_unknown/3.jpg", seconds: 2.5 },
  { photo: null, seconds: 1 },
];

export function buildDemoVideo(opts: { out: string; faces: string; sequence?: VideoSegment[]; fps?: number; width?: number; height?: number }): string {
  const { out, faces } = opts;
  const sequence = opts.sequence ?? DEMO_SEQUENCE;
  const fps = opts.fps ?? 10;
  const w = opts.width ?? 640;
  const h = opts.height ?? 360;
  mkdirSync(path.dirname(out), { recursive: true });
  const inputs: string[] = [];
  const filters: string[] = [];
  sequence.forEach((seg, i) => {
    if (seg.photo) {
      const file = path.join(faces, seg.photo);
      if (!existsSync(file)) throw new Error(`demo video: ${file} not found`);
      inputs.push("-loop", "1", "-t", String(seg.seconds), "-i", file);
    } else {
      inputs.push("-f", "lavfi", "-t", String(seg.seconds), "-i", `color=c=0x505860:s=${w}x${h}:r=${fps}`);
    }
    filters.push(
      `[${i}:v]scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=0x505860,setsar=1,fps=${fps},format=yuv420p[v${i}]`,
    );
  });
  filters.push(`${sequence.map((_, i) => `[v${i}]`).join("")}concat=n=${sequence.length}:v=1:a=0[out]`);
  execFileSync("ffmpeg", ["-y", "-loglevel", "error", ...inputs, "-filter_complex", filters.join(";"), "-map", "[out]", "-pix_fmt", "yuv420p", out], {
    stdio: "inherit",
  });
  return out;
}

/** A short fingerprint of a sequence, so that a cached video is rebuilt when the sequence changes. */
export function sequenceTag(sequence: VideoSegment[] = DEMO_SEQUENCE): string {
  let h = 2166136261;
  for (const ch of JSON.stringify(sequence)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h.toString(36);
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const i = process.argv.indexOf("--out");
  const out = i >= 0 ? process.argv[i + 1] : ".vigil/demo/camera.y4m";
  const faces = path.resolve(process.env.VIGIL_SHARED_DIR ?? path.join(process.cwd(), "..", "shared"), "faces");
  const file = buildDemoVideo({ out, faces });
  const seconds = DEMO_SEQUENCE.reduce((s, x) => s + x.seconds, 0);
  console.log(`wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB, ${seconds} s loop)`);
  console.log(
    `chromium --use-fake-device-for-media-stream --use-fake-ui-for-media-stream --use-file-for-fake-video-capture=${path.resolve(file)} http://localhost:3000/station/<cameraId>`,
  );
}
