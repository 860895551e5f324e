import "server-only";
import { badRequest } from "@/lib/http/api-error";
import { implausibleCaptureTime } from "@/lib/live/capture-bounds";

/** 400 naming the field when a station's capture time is in the future or older than its outbox keeps. */
export function assertPlausibleCapturedAt(iso: string, field: string, now = Date.now()): void {
  const reason = implausibleCaptureTime(new Date(iso), now);
  if (reason) throw badRequest(`${field}: ${reason}.`, [{ path: field, message: reason }]);
}
