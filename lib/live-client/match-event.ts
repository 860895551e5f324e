import type { MatchEvent } from "@/lib/alerts/alert-schemas";

/**
 * What a camera station posts to /api/alerts for one match event: the server's own request type
 * (lib/alerts/alert-schemas.ts matchEventSchema), not a copy, so the station and the route cannot drift.
 */
export type MatchEventBody = MatchEvent;

/**
 * A track id that is unique across page loads of the station (the tracker counts from 1 in each
 * worker), so the idempotency key `${deploymentId}:${cameraId}:${trackId}` names one event forever.
 */
export function stationTrackId(sessionTag: string, trackId: number): string {
  return `${sessionTag}-${trackId}`;
}

export function matchEventBody(input: Omit<MatchEventBody, "idempotencyKey">): MatchEventBody {
  return { idempotencyKey: `${input.deploymentId}:${input.cameraId}:${input.trackId}`, ...input };
}

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Adds faces to the per-minute counts (the only trace a non-matching face leaves). */
export function countFace(counts: Map<string, number>, at: Date): void {
  const minute = new Date(at);
  minute.setUTCSeconds(0, 0);
  const key = minute.toISOString();
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
