import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, errorFields } from "./logger";
import { metrics, registerPoolStats, renderMetrics, routeLabel } from "./metrics";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

describe("logger", () => {
  it("writes one JSON object per line with the request id, and redacts personal data at any depth", () => {
    const { lines, stream } = capture();
    const log = createLogger(stream).child({ requestId: "req-12345678" });
    log.warn({ alert: { id: "a1", subjectReference: "WL-0001", probeJpeg: "/9j/4AAQ" }, email: "x@y.z", count: 3 }, "merged");
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line.requestId).toBe("req-12345678");
    expect(line.level).toBe("warn");
    expect(line.msg).toBe("merged");
    expect(line.count).toBe(3);
    expect(JSON.stringify(line)).not.toContain("WL-0001");
    expect(JSON.stringify(line)).not.toContain("/9j/4AAQ");
    expect(JSON.stringify(line)).not.toContain("x@y.z");
    expect((line.alert as Record<string, unknown>).id).toBe("a1");
  });

  it("logs an error's name, message and code, not its other properties", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", row: { subjectReference: "WL-9" } });
    const fields = errorFields(error);
    expect(fields.err).toMatchObject({ name: "Error", message: "connect ECONNREFUSED", code: "ECONNREFUSED" });
    expect(JSON.stringify(fields)).not.toContain("WL-9");
  });
});

describe("metrics", () => {
  it("exposes counters, gauges and the pool in Prometheus text format", async () => {
    const m = metrics();
    m.alertsIngested.inc({ result: "created" });
    m.alertsIngested.inc({ result: "created" });
    m.liveSubscribers.inc();
    m.stationFps.set({ camera: "cam-1" }, 7.5);
    registerPoolStats(() => ({ total: 4, idle: 3, waiting: 0 }));
    const { contentType, body } = await renderMetrics();
    expect(contentType).toContain("text/plain");
    expect(body).toMatch(/vigil_alerts_ingested_total\{result="created",service="vigil"\} 2/);
    expect(body).toMatch(/vigil_live_subscribers\{service="vigil"\} 1/);
    expect(body).toMatch(/vigil_station_frames_per_second\{camera="cam-1",service="vigil"\} 7.5/);
    expect(body).toMatch(/vigil_db_pool_connections\{state="idle",service="vigil"\} 3/);
    expect(body).toContain("vigil_process_");
  });

  it("labels routes by shape, so ids never become label values", () => {
    expect(routeLabel("/api/alerts/3f2a1b4c-1d2e-4f3a-8b9c-0d1e2f3a4b5c/adjudicate")).toBe("/api/alerts/[id]/adjudicate");
    expect(routeLabel("/api/live/events")).toBe("/api/live/events");
  });
});
