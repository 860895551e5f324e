/**
 * Browser-side WebRTC for camera stations and control-room viewers, signalled through the app's
 * own routes (lib/rtc/*), and a WHEP client for cameras behind a media gateway. ICE is gathered
 * before the SDP is posted (non-trickle), which is robust on a LAN or localhost; STUN/TURN servers
 * come from NEXT_PUBLIC_ICE_SERVERS (JSON array of RTCIceServer) when a deployment needs them.
 */
import { readApiError } from "@/lib/client/api";
export function iceServers(raw = process.env.NEXT_PUBLIC_ICE_SERVERS): RTCIceServer[] {
  try {
    const parsed = JSON.parse(raw ?? "[]") as unknown;
    return Array.isArray(parsed) ? (parsed.filter((s) => s && typeof s === "object" && "urls" in s) as RTCIceServer[]) : [];
  } catch {
    return [];
  }
}

export function newPeerConnection(): RTCPeerConnection {
  return new RTCPeerConnection({ iceServers: iceServers() });
}

/** Waits until ICE gathering completes (or a timeout: then whatever was gathered is used). */
export function iceGathered(pc: RTCPeerConnection, timeoutMs = 4000): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      pc.removeEventListener("icegatheringstatechange", check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => pc.iceGatheringState === "complete" && done();
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const JSON_HEADERS = { "content-type": "application/json" };

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw await readApiError(res, `HTTP ${res.status}`);
  return res.json() as Promise<T>;
}

export interface ViewedCamera {
  pc: RTCPeerConnection;
  /** The "faces" data channel (see face-channel.ts). */
  channel: RTCDataChannel;
}

/**
 * Asks a camera station for its stream and a "faces" data channel: posts the offer, polls for the
 * station's answer, and closes the offer if no station answers in time.
 */
export async function viewCamera(
  cameraId: string,
  handlers: { onTrack: (stream: MediaStream) => void; onMessage?: (data: unknown) => void },
  signal?: AbortSignal,
  answerTimeoutMs = 20_000,
): Promise<ViewedCamera> {
  const pc = newPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  const channel = pc.createDataChannel("faces", { ordered: false, maxRetransmits: 0 });
  channel.onmessage = (e) => handlers.onMessage?.(e.data);
  pc.ontrack = (e) => handlers.onTrack(e.streams[0] ?? new MediaStream([e.track]));
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc);
    const { session } = await json<{ session: { id: string } }>(
      await fetch(`/api/rtc/cameras/${cameraId}/sessions`, {
        method: "POST",
        headers: JSON_HEADERS,
        body: JSON.stringify({ sdp: pc.localDescription!.sdp }),
        signal,
      }),
    );
    const deadline = Date.now() + answerTimeoutMs;
    while (Date.now() < deadline && !signal?.aborted) {
      const { answerSdp, closed } = await json<{ answerSdp: string | null; closed: boolean }>(await fetch(`/api/rtc/sessions/${session.id}`, { signal }));
      if (answerSdp) {
        await pc.setRemoteDescription({ type: "answer", sdp: answerSdp });
        return { pc, channel };
      }
      if (closed) break;
      await sleep(250);
    }
    // Nobody answered: withdraw the offer so that a station starting later does not answer a dead one.
    await fetch(`/api/rtc/sessions/${session.id}`, { method: "DELETE" }).catch(() => {});
    throw new Error("The camera station did not answer (is its page open?).");
  } catch (error) {
    pc.close();
    throw error;
  }
}

/**
 * Camera station: answers every viewer that asks, with the given stream; returns a stop function.
 * Polls once a second (quicker while offers are arriving).
 */
export function serveViewers(
  cameraId: string,
  stream: MediaStream,
  onChannel: (channel: RTCDataChannel) => void,
  onError: (e: Error | null) => void,
): () => void {
  let stopped = false;
  const peers = new Set<RTCPeerConnection>();
  const loop = async () => {
    while (!stopped) {
      let busy = false;
      try {
        const { offers } = await json<{ offers: { id: string; sdp: string }[] }>(await fetch(`/api/rtc/cameras/${cameraId}/sessions`));
        busy = offers.length > 0;
        for (const offer of offers) {
          if (stopped) break;
          const pc = newPeerConnection();
          peers.add(pc);
          pc.onconnectionstatechange = () => {
            if (pc.connectionState === "failed" || pc.connectionState === "closed") {
              pc.close();
              peers.delete(pc);
            }
          };
          pc.ondatachannel = (e) => onChannel(e.channel);
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          try {
            await pc.setRemoteDescription({ type: "offer", sdp: offer.sdp });
            await pc.setLocalDescription(await pc.createAnswer());
            await iceGathered(pc);
            const res = await fetch(`/api/rtc/sessions/${offer.id}`, {
              method: "PATCH",
              headers: JSON_HEADERS,
              body: JSON.stringify({ sdp: pc.localDescription!.sdp }),
            });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
          } catch {
            // The viewer gave up or another station answered first: drop this peer only.
            pc.close();
            peers.delete(pc);
          }
        }
        onError(null);
      } catch (error) {
        onError(error as Error);
      }
      await sleep(busy ? 200 : 1000);
    }
  };
  void loop();
  return () => {
    stopped = true;
    for (const pc of peers) pc.close();
    peers.clear();
  };
}

/**
 * A camera behind a WHEP media gateway (e.g. MediaMTX in front of an RTSP camera): one SDP
 * offer/answer, relayed by the app to the camera's WHEP URL (app/api/rtc/cameras/[id]/whep).
 */
export async function viewWhep(cameraId: string, onTrack: (stream: MediaStream) => void, signal?: AbortSignal): Promise<RTCPeerConnection> {
  const pc = newPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  pc.ontrack = (e) => onTrack(e.streams[0] ?? new MediaStream([e.track]));
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc);
    const { answerSdp } = await json<{ answerSdp: string }>(
      await fetch(`/api/rtc/cameras/${cameraId}/whep`, {
        method: "POST",
        headers: JSON_HEADERS,
        body: JSON.stringify({ sdp: pc.localDescription!.sdp }),
        signal,
      }),
    );
    await pc.setRemoteDescription({ type: "answer", sdp: answerSdp });
    return pc;
  } catch (error) {
    pc.close();
    throw error;
  }
}
