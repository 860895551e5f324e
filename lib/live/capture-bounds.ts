/**
 * What a camera station may claim. A capture time is plausible when it is not in the future
 * (beyond a small clock skew) and not older than a station's outbox keeps an unsent event; a
 * count is plausible when one camera could have seen that many faces in one minute.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** A station's outbox gives up on an event after this long (see lib/live-client/outbox.ts). */
export const OUTBOX_MAX_AGE_MS = 24 * 3600_000;
/** Faces one camera can plausibly pass in a minute: 100 a second through its field of view. */
export const MAX_FACES_PER_CAMERA_MINUTE = 6_000;

/** Null when plausible, else the reason. Pure. */
export function implausibleCaptureTime(at: Date, now = Date.now()): string | null {
  const t = at.getTime();
  if (!Number.isFinite(t)) return "is not a valid time";
  if (t > now + MAX_CLOCK_SKEW_MS) return `is in the future (more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes ahead of the server clock)`;
  if (t < now - OUTBOX_MAX_AGE_MS) return `is older than ${OUTBOX_MAX_AGE_MS / 3600_000} hours, longer than a station keeps unsent events`;
  return null;
}
