/**
 * Messages on the "faces" WebRTC data channel between a camera station and a viewer.
 *
 * - `faces`: the face boxes of one processed frame, in the frame's pixel space, with a label for
 *   watchlist matches only. The viewer blurs every unlabelled face (privacy mask).
 * - `takeover`: a viewer that runs recognition itself asks the station to stop recognising; the
 *   station resumes when that channel closes. The taking-over browser then sends `faces` back,
 *   and the station relays them to its other viewers.
 */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string | null;
}

export type FaceChannelMessage = { type: "faces"; w: number; h: number; faces: FaceBox[] } | { type: "takeover" };

const MAX_FACES = 64;

const finite = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);

/** Parses a message from the peer; anything malformed is ignored (null), never trusted. */
export function parseFaceMessage(data: unknown): FaceChannelMessage | null {
  if (typeof data !== "string" || data.length > 20_000) return null;
  let m: unknown;
  try {
    m = JSON.parse(data);
  } catch {
    return null;
  }
  if (!m || typeof m !== "object") return null;
  const msg = m as Record<string, unknown>;
  if (msg.type === "takeover") return { type: "takeover" };
  if (msg.type !== "faces" || !finite(msg.w) || !finite(msg.h) || msg.w <= 0 || msg.h <= 0 || !Array.isArray(msg.faces)) return null;
  const faces: FaceBox[] = [];
  for (const f of msg.faces.slice(0, MAX_FACES) as Record<string, unknown>[]) {
    if (!f || !finite(f.x) || !finite(f.y) || !finite(f.width) || !finite(f.height)) return null;
    faces.push({ x: f.x, y: f.y, width: f.width, height: f.height, label: typeof f.label === "string" ? f.label.slice(0, 80) : null });
  }
  return { type: "faces", w: msg.w, h: msg.h, faces };
}
