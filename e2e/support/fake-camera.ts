import { existsSync } from "node:fs";
import path from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../../playwright.config";
import { buildDemoVideo, sequenceTag } from "../../scripts/demo-video";

/**
 * Chromium with a fake camera playing the demo video (built once from ../shared/faces with
 * ffmpeg, again when its sequence changes: the blue-list volunteer, two watchlisted people, unknowns), and host ICE candidates instead of mDNS names so WebRTC connects on localhost.
 */
const VIDEO = path.resolve(`.vigil/demo/e2e-camera-${sequenceTag()}.y4m`);
const FACES = path.resolve(process.env.VIGIL_SHARED_DIR ?? path.join(process.cwd(), "..", "shared"), "faces");
if (!existsSync(VIDEO)) buildDemoVideo({ out: VIDEO, faces: FACES });

export const FAKE_CAMERA_LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    ...CHROMIUM_ARGS,
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${VIDEO}`,
    "--disable-features=WebRtcHideLocalIpsWithMdns",
    "--autoplay-policy=no-user-gesture-required",
  ],
};
