import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics of one app process, served at /metrics (lib/observability/metrics-route.ts).
 * One registry per process, kept on globalThis so Next's module reloading never doubles it.
 * Labels never carry personal data: deployment and camera ids, outcomes and back ends only.
 */
function createMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "vigil" });
  collectDefaultMetrics({ register: registry, prefix: "vigil_process_" });
  const m = {
    registry,
    httpRequests: new Counter({
      name: "vigil_http_requests_total",
      help: "API requests answered, by method, route and status class",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "vigil_http_request_duration_seconds",
      help: "API request duration",
      labelNames: ["method", "route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    alertsIngested: new Counter({
      name: "vigil_alerts_ingested_total",
      help: "Match events from stations, by result (created a new alert, merged into an open one, duplicate of one already stored)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    liveSubscribers: new Gauge({
      name: "vigil_live_subscribers",
      help: "Open live-event streams (Server-Sent Events) on this instance",
      registers: [registry],
    }),
    liveEventsDelivered: new Counter({
      name: "vigil_live_events_delivered_total",
      help: "Live events written to subscribers' streams",
      labelNames: ["type"] as const,
      registers: [registry],
    }),
    stationFps: new Gauge({
      name: "vigil_station_frames_per_second",
      help: "Frames per second a camera station last reported",
      labelNames: ["camera"] as const,
      registers: [registry],
    }),
    stationBackend: new Gauge({
      name: "vigil_station_backend",
      help: "1 for the recognition back end a camera station last reported (wasm, webgpu)",
      labelNames: ["camera", "backend"] as const,
      registers: [registry],
    }),
    stationFaces: new Counter({
      name: "vigil_station_faces_total",
      help: "Faces processed as reported by stations",
      registers: [registry],
    }),
    auditAppend: new Histogram({
      name: "vigil_audit_append_seconds",
      help: "Time to write one audit record: its INSERT in the caller's transaction, or a standalone append with its commit",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    retentionRuns: new Counter({
      name: "vigil_retention_runs_total",
      help: "Retention job runs, by status",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    retentionDeleted: new Counter({
      name: "vigil_retention_deleted_total",
      help: "Records deleted by retention, by kind",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: "vigil_db_pool_connections",
      help: "Database pool connections of this process, by state",
      labelNames: ["state"] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { vigilMetrics?: Metrics; vigilPoolStats?: () => PoolStats | null };

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export function metrics(): Metrics {
  if (!globalForMetrics.vigilMetrics) globalForMetrics.vigilMetrics = createMetrics();
  return globalForMetrics.vigilMetrics;
}

/** lib/db/prisma.ts registers how to read its pool; read at scrape time. */
export function registerPoolStats(read: () => PoolStats | null): void {
  globalForMetrics.vigilPoolStats = read;
}

/** The text exposition format, with the pool gauges refreshed. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const pool = globalForMetrics.vigilPoolStats?.() ?? null;
  if (pool) {
    m.dbPool.set({ state: "total" }, pool.total);
    m.dbPool.set({ state: "idle" }, pool.idle);
    m.dbPool.set({ state: "waiting" }, pool.waiting);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

/** Route label from a path: ids become [id], so labels stay few. */
export function routeLabel(pathname: string): string {
  return pathname
    .split("/")
    .map((part) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(part) || /^\d+$/.test(part) ? "[id]" : part))
    .join("/")
    .slice(0, 120);
}
