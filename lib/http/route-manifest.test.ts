import { describe, expect, it } from "vitest";
import { discoverRoutes } from "./discover-routes";
import { API_ROUTES, EXTERNAL_ROUTE_FILES, PAGES } from "./route-manifest";

describe("route manifest", () => {
  it("lists every exported handler of every route file, with the action its wrapper enforces", async () => {
    // Public handlers that do not need the wrapper (health) declare themselves in the manifest.
    const found = (await discoverRoutes("app/api", EXTERNAL_ROUTE_FILES)).map((r) => ({ method: r.method, path: r.path, action: r.meta.action }));
    const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
    expect(found.map(key).sort()).toEqual(API_ROUTES.map(key).sort());
    for (const f of found) expect(API_ROUTES.find((r) => key(r) === key(f))?.action).toBe(f.action);
  });

  it("only the health check, the audit public keys and the transparency record are public", () => {
    expect(API_ROUTES.filter((r) => r.action === "public").map((r) => r.path)).toEqual(["/api/health", "/api/audit/keys", "/api/transparency"]);
  });

  it("every page's action exists and the pages are distinct", () => {
    expect(new Set(PAGES.map((p) => p.path)).size).toBe(PAGES.length);
  });
});
