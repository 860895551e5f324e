/**
 * Prints the fuzz plan as JSON: every API route handler (from the route files themselves, checked
 * against lib/http/route-manifest.ts) with its permission and the JSON Schema of its body, query
 * and path params (from the zod schemas its withRoute wrapper declares). e2e/zz-fuzz.spec.ts runs
 * it (react-server conditions are needed to import route modules) and fuzzes what it prints.
 */
import { z, type ZodType } from "zod";
import { discoverRoutes } from "../lib/http/discover-routes";
import { API_ROUTES, EXTERNAL_ROUTE_FILES } from "../lib/http/route-manifest";
import type { FuzzRoute } from "../lib/testing/fuzz-values";

function jsonSchema(schema: ZodType | undefined): object | null {
  if (!schema) return null;
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as object;
  } catch {
    return {};
  }
}

async function main() {
  const plan: FuzzRoute[] = [];
  for (const { method, path: routePath, meta: declared } of await discoverRoutes("app/api", EXTERNAL_ROUTE_FILES)) {
    const entry = API_ROUTES.find((r) => r.method === method && r.path === routePath);
    if (!entry) throw new Error(`${method} ${routePath} is not in lib/http/route-manifest.ts`);
    plan.push({
      method: method as FuzzRoute["method"],
      path: routePath,
      action: entry.action,
      sample: entry.sample ?? null,
      body: jsonSchema(declared.body),
      query: jsonSchema(declared.query),
      params: jsonSchema(declared.params),
      maxBodyBytes: declared.maxBodyBytes ?? 64 * 1024,
    });
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
