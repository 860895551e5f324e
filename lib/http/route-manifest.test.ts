import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, EXTERNAL_ROUTE_FILES, PAGES } from "./route-manifest";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

async function routeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await routeFiles(full)));
    else if (entry.name === "route.ts") out.push(full);
  }
  return out;
}

function fileToPath(file: string): string {
  return "/" + path.relative("app", path.dirname(file)).split(path.sep).join("/");
}

describe("route manifest", () => {
  it("lists every exported handler of every route file, with the action its wrapper enforces", async () => {
    const files = (await routeFiles("app/api")).filter((f) => !EXTERNAL_ROUTE_FILES.includes(f));
    const found: { method: string; path: string; action: string }[] = [];
    for (const file of files) {
      const mod = (await import(path.resolve(file))) as Record<string, { vigilRoute?: { action: string } }>;
      for (const method of METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        const routePath = fileToPath(file);
        // Public handlers that do not need the wrapper (health) declare themselves in the manifest.
        const action = handler.vigilRoute?.action ?? "public";
        found.push({ method, path: routePath, action });
      }
    }
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
