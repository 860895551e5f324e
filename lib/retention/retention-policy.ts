/** How long each kind of record is kept. Values come from lib/env.ts (RETENTION_*). */
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

export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  const num = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    alertDays: num("RETENTION_ALERT_DAYS", 31),
    snapshotHours: num("RETENTION_SNAPSHOT_HOURS", 24),
    liveEventHours: num("RETENTION_LIVE_EVENT_HOURS", 24),
    rtcSessionHours: num("RETENTION_RTC_SESSION_HOURS", 24),
    endedSessionDays: num("RETENTION_SESSION_DAYS", 30),
    auditDays: env.AUDIT_RETENTION_DAYS ? num("AUDIT_RETENTION_DAYS", 0) || null : null,
  };
}
