/**
 * Prints the fuzz plan as JSON: every API route handler (from the route files themselves, checked
 * against lib/http/route-manifest.ts) with its permission and the JSON Schema of its body, query
 * and path params (from the zod schemas its withRoute wrapper declares). e2e/zz-fuzz.spec.ts runs
 * it (react-server conditions are needed to import route modules) and fuzzes what it prints.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { z, type ZodType } from "zod";
import { API_ROUTES, EXTERNAL_ROUTE_FILES } from "../lib/http/route-manifest";
import type { FuzzRoute } from "../lib/testing/fuzz-values";

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

function jsonSchema(schema: ZodType | undefined): object | null {
  if (!schema) return null;
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as object;
  } catch {
    return {};
  }
}

type Declared = { action: string; body?: ZodType; query?: ZodType; params?: ZodType; maxBodyBytes?: number };

async function main() {
  const plan: FuzzRoute[] = [];
  const files = (await routeFiles("app/api")).filter((f) => !EXTERNAL_ROUTE_FILES.includes(f));
  for (const file of files.sort()) {
    const mod = (await import(path.resolve(file))) as Record<string, { vigilRoute?: Declared }>;
    const routePath = "/" + path.relative("app", path.dirname(file)).split(path.sep).join("/");
    for (const method of METHODS) {
      if (!mod[method]) continue;
      const declared = mod[method].vigilRoute;
      const entry = API_ROUTES.find((r) => r.method === method && r.path === routePath);
      if (!entry) throw new Error(`${method} ${routePath} is not in lib/http/route-manifest.ts`);
      plan.push({
        method,
        path: routePath,
        action: entry.action,
        sample: entry.sample ?? null,
        body: jsonSchema(declared?.body),
        query: jsonSchema(declared?.query),
        params: jsonSchema(declared?.params),
        maxBodyBytes: declared?.maxBodyBytes ?? 64 * 1024,
      });
    }
  }
  process.stdout.write(JSON.stringify(plan));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
