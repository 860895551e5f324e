import { z } from "zod";

/** An SDP offer or answer with its ICE candidates gathered in (non-trickle); bounded in size. */
export const sdpSchema = z.object({ sdp: z.string().min(20).max(60_000).startsWith("v=0") }).strict();

/** How long a viewer's offer waits for the camera station before it is no longer handed out. */
export const PENDING_FOR_MS = 30_000;
