import { env, type Env } from "@/lib/env";

/** How long each kind of record is kept. Values come from lib/env.ts (RETENTION_*, AUDIT_RETENTION_DAYS). */
export interface RetentionPolicy {
  /** Alert records and their probe crops (the Met keeps alert images at most 31 days). */
  alertDays: number;
  /** Watchlist snapshot payloads after their deployment closed or was cancelled. */
  snapshotHours: number;
  /** The SSE replay log (copies of alert summaries): only needed for reconnecting browsers. */
  liveEventHours: number;
  /** WebRTC signalling rows. */
  rtcSessionHours: number;
  /** Ended sign-in sessions (revoked, or older than their maximum age). */
  endedSessionDays: number;
  /** Audit events: null (the default) keeps the trail forever; otherwise purged from a signed anchor. */
  auditDays: number | null;
}

export function policyFromEnv(e: Env = env()): RetentionPolicy {
  return {
    alertDays: e.RETENTION_ALERT_DAYS,
    snapshotHours: e.RETENTION_SNAPSHOT_HOURS,
    liveEventHours: e.RETENTION_LIVE_EVENT_HOURS,
    rtcSessionHours: e.RETENTION_RTC_SESSION_HOURS,
    endedSessionDays: e.RETENTION_SESSION_DAYS,
    auditDays: e.AUDIT_RETENTION_DAYS ?? null,
  };
}
