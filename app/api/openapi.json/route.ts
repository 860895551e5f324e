import { buildOpenApi, type DiscoveredRoute, type RouteMeta } from "@/lib/http/openapi";
import { withRoute } from "@/lib/http/with-route";
import packageJson from "@/package.json";
import { ROUTE_MODULES } from "./route-modules";

export const dynamic = "force-dynamic";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
let cached: string | null = null;

function document(): string {
  const routes: DiscoveredRoute[] = [];
  for (const [path, mod] of Object.entries(ROUTE_MODULES)) {
    for (const method of METHODS) {
      const handler = mod[method] as { vigilRoute?: RouteMeta } | undefined;
      if (handler) routes.push({ method, path, meta: handler.vigilRoute ?? { action: "public" } });
    }
  }
  routes.push({ method: "GET", path: "/api/openapi.json", meta: { action: "docs.read" } });
  return JSON.stringify(buildOpenApi(routes, packageJson.version));
}

/** The OpenAPI 3.1 document of this build's API, built from the route handlers' own specs. */
export const GET = withRoute({ action: "docs.read" }, async () => {
  cached ??= document();
  return new Response(cached, { headers: { "content-type": "application/json", "cache-control": "no-store" } });
});
