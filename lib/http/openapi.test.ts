import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ROUTE_MODULES_FILE, routeFiles, routeModulesSource } from "@/scripts/write-route-modules";
import { GET } from "@/app/api/openapi.json/route";
import { discoverRoutes } from "./discover-routes";
import { buildOpenApi } from "./openapi";
import { API_ROUTES, EXTERNAL_ROUTE_FILES } from "./route-manifest";

type Doc = { paths: Record<string, Record<string, Record<string, unknown>>> };

describe("OpenAPI document", () => {
  it("is built from every route module (npm run openapi:routes keeps the list)", async () => {
    expect(await readFile(ROUTE_MODULES_FILE, "utf8")).toBe(routeModulesSource(await routeFiles()));
    expect(GET.vigilRoute.action).toBe("docs.read");
  });

  it("has every route of the manifest, with its permission, roles and request schemas", async () => {
    const doc = buildOpenApi(await discoverRoutes("app/api", EXTERNAL_ROUTE_FILES), "test") as unknown as Doc;
    for (const r of API_ROUTES) {
      const op = doc.paths[r.path.replace(/\[([^\]]+)\]/g, "{$1}")]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op["x-vigil-permission"]).toBe(r.action);
    }
    const adjudicate = doc.paths["/api/alerts/{id}/adjudicate"].post as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, { enum?: string[] }> } } } };
      parameters: { name: string; in: string }[];
      "x-vigil-roles": string[];
    };
    expect(adjudicate.requestBody.content["application/json"].schema.properties.decision.enum).toEqual(expect.arrayContaining(["CONFIRM", "REJECT"]));
    expect(adjudicate.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "id", in: "path" })]));
    expect(adjudicate["x-vigil-roles"]).toContain("OPERATOR");
  }, 60_000);
});
