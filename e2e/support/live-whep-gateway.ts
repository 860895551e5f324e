import { createServer, type Server } from "node:http";
import type { Page } from "@playwright/test";

/**
 * A tiny WHEP endpoint for tests: an HTTP server that takes the SDP offer (RFC 9725: POST
 * application/sdp, 201 + Location + SDP answer) and has a browser page with the fake camera answer
 * it, standing in for a media gateway such as MediaMTX in front of an RTSP camera.
 */
export async function startWhepGateway(page: Page, port: number): Promise<{ url: string; offers: number; stop: () => Promise<void> }> {
  await page.evaluate(async () => {
    const w = window as unknown as { __gatewayStream?: MediaStream; __gatewayPeers?: RTCPeerConnection[] };
    w.__gatewayStream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: false });
    w.__gatewayPeers = [];
  });
  const state = { offers: 0 };
  const server: Server = createServer((req, res) => {
    if (req.method !== "POST" || req.headers["content-type"] !== "application/sdp") {
      res.writeHead(405).end();
      return;
    }
    let offer = "";
    req.on("data", (chunk) => (offer += chunk));
    req.on("end", async () => {
      state.offers++;
      try {
        const answer = await page.evaluate(async (sdp) => {
          const w = window as unknown as { __gatewayStream: MediaStream; __gatewayPeers: RTCPeerConnection[] };
          const pc = new RTCPeerConnection();
          w.__gatewayPeers.push(pc);
          for (const t of w.__gatewayStream.getTracks()) pc.addTrack(t, w.__gatewayStream);
          await pc.setRemoteDescription({ type: "offer", sdp });
          await pc.setLocalDescription(await pc.createAnswer());
          await new Promise<void>((resolve) => {
            if (pc.iceGatheringState === "complete") return resolve();
            pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
            setTimeout(resolve, 3000);
          });
          return pc.localDescription!.sdp;
        }, offer);
        res.writeHead(201, { "content-type": "application/sdp", location: `/whep/session/${state.offers}` }).end(answer);
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}/whep/camera`,
    get offers() {
      return state.offers;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
