import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DiscoveredRoute, RouteMeta } from "./openapi";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts under app/api (but `exclude`), imported, with the metadata its withRoute wrapper recorded. */
export async function discoverRoutes(root = "app/api", exclude: string[] = []): Promise<DiscoveredRoute[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts" && !exclude.includes(full)) files.push(full);
    }
  };
  await walk(root);
  const found: DiscoveredRoute[] = [];
  for (const file of files.sort()) {
    const mod = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, { vigilRoute?: RouteMeta }>;
    const routePath = "/" + path.relative("app", path.dirname(file)).split(path.sep).join("/");
    for (const method of METHODS) {
      const handler = mod[method];
      if (handler) found.push({ method, path: routePath, meta: handler.vigilRoute ?? { action: "public" } });
    }
  }
  return found;
}
