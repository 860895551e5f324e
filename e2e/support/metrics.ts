import type { APIRequestContext } from "@playwright/test";

/** The bearer token the e2e server's /metrics accepts (scripts/e2e-server.ts sets it unless one is given). */
export const E2E_METRICS_TOKEN = process.env.VIGIL_METRICS_TOKEN ?? "e2e-metrics-token-0123456789abcdef0123";

/**
 * Sums of each sample name in one /metrics scrape: labels folded (`vigil_alerts_ingested_total`) and per
 * label value (`vigil_db_pool_connections[state=total]`).
 */
export type MetricSums = Record<string, number>;

export function parseMetrics(text: string): MetricSums {
  const sums: MetricSums = {};
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    sums[m[1]] = (sums[m[1]] ?? 0) + value;
    for (const [, k, v] of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) {
      const key = `${m[1]}[${k}=${v}]`;
      sums[key] = (sums[key] ?? 0) + value;
    }
  }
  return sums;
}

export async function scrapeMetrics(request: APIRequestContext): Promise<{ sums: MetricSums; text: string }> {
  const res = await request.get("/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  if (!res.ok()) throw new Error(`/metrics answered ${res.status()}`);
  const text = await res.text();
  return { sums: parseMetrics(text), text };
}
