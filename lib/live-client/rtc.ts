/**
 * Browser-side WebRTC for camera stations and control-room viewers, signalled through the app's
 * own routes (see lib/rtc/signalling.ts), and a WHEP client for media gateways. ICE is gathered
 * before the SDP is posted (non-trickle), which is robust on a LAN or localhost; STUN/TURN servers
 * come from NEXT_PUBLIC_ICE_SERVERS (JSON) when a deployment needs them.
 */
function iceServers(): RTCIceServer[] {
  try {
    return JSON.parse(process.env.NEXT_PUBLIC_ICE_SERVERS ?? "[]") as RTCIceServer[];
  } catch {
    return [];
  }
}

export function newPeerConnection(): RTCPeerConnection {
  return new RTCPeerConnection({ iceServers: iceServers() });
}

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

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  }
  return res.json() as Promise<T>;
}

/** Control room: ask a camera station for its stream (and its face-box data channel). */
export async function viewCamera(cameraId: string, handlers: { onTrack: (stream: MediaStream) => void; onFaces?: (data: string) => void }, signal?: AbortSignal): Promise<RTCPeerConnection> {
  const pc = newPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  const channel = pc.createDataChannel("faces", { ordered: false, maxRetransmits: 0 });
  channel.onmessage = (e) => handlers.onFaces?.(String(e.data));
  pc.ontrack = (e) => handlers.onTrack(e.streams[0] ?? new MediaStream([e.track]));
  await pc.setLocalDescription(await pc.createOffer());
  await iceGathered(pc);
  const { session } = await json<{ session: { id: string } }>(
    await fetch(`/api/rtc/cameras/${cameraId}/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sdp: pc.localDescription!.sdp }), signal }),
  );
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (signal?.aborted) break;
    const { answerSdp } = await json<{ answerSdp: string | null }>(await fetch(`/api/rtc/sessions/${session.id}`, { signal }));
    if (answerSdp) {
      await pc.setRemoteDescription({ type: "answer", sdp: answerSdp });
      return pc;
    }
    await sleep(300);
  }
  pc.close();
  throw new Error("The camera station did not answer (is its page open?).");
}

/** Camera station: answer every viewer that asks, with the local stream; returns a stop function. */
export function serveViewers(cameraId: string, stream: MediaStream, onChannel: (channel: RTCDataChannel) => void, onError: (e: Error) => void): () => void {
  let stopped = false;
  const peers = new Set<RTCPeerConnection>();
  const loop = async () => {
    while (!stopped) {
      try {
        const { offers } = await json<{ offers: { id: string; sdp: string }[] }>(await fetch(`/api/rtc/cameras/${cameraId}/sessions`));
        for (const offer of offers) {
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
          await pc.setRemoteDescription({ type: "offer", sdp: offer.sdp });
          await pc.setLocalDescription(await pc.createAnswer());
          await iceGathered(pc);
          await fetch(`/api/rtc/sessions/${offer.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ sdp: pc.localDescription!.sdp }) });
        }
      } catch (error) {
        onError(error as Error);
      }
      await sleep(1000);
    }
  };
  void loop();
  return () => {
    stopped = true;
    for (const pc of peers) pc.close();
    peers.clear();
  };
}

/** A WHEP media gateway (e.g. MediaMTX in front of an RTSP camera): one SDP offer/answer over HTTP. */
export async function viewWhep(url: string, onTrack: (stream: MediaStream) => void): Promise<RTCPeerConnection> {
  const pc = newPeerConnection();
  pc.addTransceiver("video", { direction: "recvonly" });
  pc.ontrack = (e) => onTrack(e.streams[0] ?? new MediaStream([e.track]));
  await pc.setLocalDescription(await pc.createOffer());
  await iceGathered(pc);
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/sdp" }, body: pc.localDescription!.sdp });
  if (res.status !== 201 && !res.ok) {
    pc.close();
    throw new Error(`WHEP endpoint answered ${res.status}`);
  }
  await pc.setRemoteDescription({ type: "answer", sdp: await res.text() });
  return pc;
}
