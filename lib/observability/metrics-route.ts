import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { withRoute, type WrappedRoute } from "@/lib/http/with-route";
import { renderMetrics } from "./metrics";

async function metricsResponse(): Promise<Response> {
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}

function bearerMatches(request: NextRequest, token: string | undefined): boolean {
  if (!token) return false;
  const given = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const forAdmins = withRoute({ action: "metrics.read" }, () => metricsResponse());

/**
 * GET /metrics (rewritten to /api/metrics): Prometheus text format. A scraper authenticates with
 * `Authorization: Bearer $VIGIL_METRICS_TOKEN`; a signed-in administrator can read it too. Anyone
 * else gets the wrapper's 401/403 (and the denial is audited).
 */
export const metricsRoute: WrappedRoute = Object.assign(
  async (request: NextRequest, context: Parameters<WrappedRoute>[1]) => {
    if (bearerMatches(request, env().VIGIL_METRICS_TOKEN)) return metricsResponse();
    return forAdmins(request, context);
  },
  { vigilRoute: forAdmins.vigilRoute },
);
