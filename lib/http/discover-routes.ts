import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DiscoveredRoute, RouteMeta } from "./openapi";

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts under `root` but `exclude`, sorted. */
export async function listRouteFiles(root = "app/api", exclude: string[] = []): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts" && !exclude.includes(full)) files.push(full);
    }
  };
  await walk(root);
  return files.sort();
}

/** The URL path of a route file, in Next's folder form (e.g. /api/alerts/[id]/adjudicate). */
export const routePathOf = (file: string) => "/" + path.relative("app", path.dirname(file)).split(path.sep).join("/");

/** Every route file imported, with the metadata its withRoute wrapper recorded. */
export async function discoverRoutes(root = "app/api", exclude: string[] = []): Promise<DiscoveredRoute[]> {
  const found: DiscoveredRoute[] = [];
  for (const file of await listRouteFiles(root, exclude)) {
    const mod = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, { vigilRoute?: RouteMeta }>;
    for (const method of ROUTE_METHODS) {
      const handler = mod[method];
      if (handler) found.push({ method, path: routePathOf(file), meta: handler.vigilRoute ?? { action: "public" } });
    }
  }
  return found;
}
