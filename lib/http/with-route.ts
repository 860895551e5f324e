import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError, type ZodType } from "zod";
import { recordDenial } from "@/lib/audit/record-denial";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { can, type Action } from "@/lib/auth/permissions";
import { errorFields, requestLogger } from "@/lib/observability/logger";
import { metrics, routeLabel } from "@/lib/observability/metrics";
import { ApiError, badRequest, forbidden, unauthenticated } from "./api-error";
import { readBodyBytes, readJsonBody } from "./read-body";
import { clientIpFrom, requestIdFrom } from "./request-meta";
import type { RouteMeta } from "./openapi";
import { isSameOrigin } from "./same-origin";
import { describeZodError } from "./zod-issues";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface RouteSpec<B, Q, P> {
  /** The permission-table action this route needs, or "public". */
  action: Action | "public";
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /** Bytes accepted in the body (default 64 KiB). */
  maxBodyBytes?: number;
  /** Hand the handler the raw bytes instead of parsed JSON. */
  rawBody?: boolean;
}

export interface RouteContext<B, Q, P> {
  request: NextRequest;
  /** Non-null on every route except "public" ones. */
  user: CurrentUser;
  body: B;
  rawBody: Uint8Array | null;
  query: Q;
  params: P;
  requestId: string;
  ip: string | null;
}

type NextContext = { params: Promise<Record<string, string | string[]>> };

export interface WrappedRoute {
  (request: NextRequest, context: NextContext): Promise<Response>;
  /** The permission and request schemas, read by the route manifest test and the OpenAPI document. */
  vigilRoute: RouteMeta;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof ZodError) {
    const { message, issues } = describeZodError(error);
    error = badRequest(message, issues);
  }
  if (error instanceof ApiError) {
    return NextResponse.json(
      { error: { code: error.code, message: error.message, details: error.details }, requestId },
      { status: error.status, headers: { "x-request-id": requestId } },
    );
  }
  requestLogger(requestId).error(errorFields(error), "unexpected error");
  return NextResponse.json(
    { error: { code: "internal", message: `Something went wrong. Quote request id ${requestId} when reporting it.` }, requestId },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

/**
 * The one wrapper every route handler goes through: same-origin check for mutations, session
 * check against the database, the permission table, bounded and validated input, and errors
 * that never leak internals. Denials are audited.
 */
export function withRoute<B = undefined, Q = undefined, P = undefined>(
  spec: RouteSpec<B, Q, P>,
  handler: (ctx: RouteContext<B, Q, P>) => Promise<Response | unknown>,
): WrappedRoute {
  const wrapped = async (request: NextRequest, context: NextContext): Promise<Response> => {
    const requestId = requestIdFrom(request.headers);
    const ip = clientIpFrom(request.headers);
    const path = request.nextUrl.pathname;
    const started = performance.now();
    const route = routeLabel(path);
    const observe = (response: Response): Response => {
      const m = metrics();
      m.httpRequests.inc({ method: request.method, route, status: `${Math.floor(response.status / 100)}xx` });
      m.httpDuration.observe({ method: request.method, route }, (performance.now() - started) / 1000);
      return response;
    };
    try {
      let user: CurrentUser | null = null;
      if (MUTATING.has(request.method) && !isSameOrigin(request)) {
        if (spec.action !== "public") user = await getCurrentUser();
        await recordDenial({ user, required: spec.action, method: request.method, path, reason: "origin", requestId, ip });
        throw forbidden("Cross-origin or Origin-less request refused.");
      }
      if (spec.action !== "public") {
        user = await getCurrentUser();
        if (!user) {
          await recordDenial({ user, required: spec.action, method: request.method, path, reason: "unauthenticated", requestId, ip });
          throw unauthenticated();
        }
        if (!can(user.role, spec.action)) {
          await recordDenial({ user, required: spec.action, method: request.method, path, reason: "forbidden", requestId, ip });
          throw forbidden();
        }
      }
      const rawParams = await context.params;
      const params = spec.params ? spec.params.parse(rawParams ?? {}) : (undefined as P);
      const query = spec.query
        ? spec.query.parse(Object.fromEntries(request.nextUrl.searchParams.entries()))
        : (undefined as Q);
      const limit = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      let body = undefined as B;
      let rawBody: Uint8Array | null = null;
      if (spec.rawBody) rawBody = await readBodyBytes(request, limit);
      else if (spec.body) body = spec.body.parse(await readJsonBody(request, limit));
      const result = await handler({ request, user: user as CurrentUser, body, rawBody, query, params, requestId, ip });
      const response = result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
      response.headers.set("x-request-id", requestId);
      return observe(response);
    } catch (error) {
      return observe(errorResponse(error, requestId));
    }
  };
  return Object.assign(wrapped, {
    vigilRoute: { action: spec.action, body: spec.body, query: spec.query, params: spec.params, rawBody: spec.rawBody },
  });
}
