import { z, type ZodType } from "zod";
import { PERMISSIONS, type Action } from "@/lib/auth/permissions";

/** What withRoute records about a handler: the permission and the request schemas. */
export interface RouteMeta {
  action: Action | "public";
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  maxBodyBytes?: number;
  rawBody?: boolean;
}

export interface DiscoveredRoute {
  method: string;
  /** Next's folder form, e.g. /api/alerts/[id]/adjudicate */
  path: string;
  meta: RouteMeta;
}

type JsonSchema = Record<string, unknown>;

function toSchema(schema: ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parameters(schema: ZodType | undefined, where: "query" | "path"): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema);
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === "path" || required.has(name), schema: s }));
}

const ERROR = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      required: ["code", "message"],
    },
    requestId: { type: "string" },
  },
  required: ["error", "requestId"],
};

/**
 * An OpenAPI 3.1 document of Vigil's API, from the route handlers themselves: each handler's
 * withRoute spec gives its permission (with the roles the permission table grants it) and its
 * zod request schemas (zod 4 toJSONSchema). Served at /api/openapi.json.
 */
export function buildOpenApi(routes: DiscoveredRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))) {
    const openPath = r.path.replace(/\[([^\]]+)\]/g, "{$1}");
    const roles = r.meta.action === "public" ? [] : [...(PERMISSIONS[r.meta.action] as readonly string[])];
    const op: JsonSchema = {
      operationId: `${r.method.toLowerCase()}${openPath.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      summary: `${r.method} ${openPath}`,
      "x-vigil-permission": r.meta.action,
      "x-vigil-roles": roles,
      security: r.meta.action === "public" ? [] : [{ session: [] }],
      parameters: [...parameters(r.meta.params, "path"), ...parameters(r.meta.query, "query")],
      responses: {
        "200": { description: "Success" },
        "400": { description: "Invalid input; the message names the field", content: { "application/json": { schema: ERROR } } },
        ...(r.meta.action === "public"
          ? {}
          : {
              "401": { description: "Not signed in", content: { "application/json": { schema: ERROR } } },
              "403": { description: "Not permitted for this role, or a cross-origin mutation", content: { "application/json": { schema: ERROR } } },
            }),
        "503": { description: "Database unavailable; retry after the Retry-After header", content: { "application/json": { schema: ERROR } } },
      },
    };
    if (r.meta.body) op.requestBody = { required: true, content: { "application/json": { schema: toSchema(r.meta.body) } } };
    else if (r.meta.rawBody) op.requestBody = { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } };
    (paths[openPath] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Vigil API",
      version,
      description: "Every route of Vigil's control room. Mutations must be same-origin; every call is checked against the permission table.",
    },
    components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" } } },
    paths,
  };
}
