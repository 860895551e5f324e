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
import { isShuttingDown } from "./shutdown";
import { findTextIssue } from "./check-text";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "./database-unavailable";
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
  /** Also serve a session still in set-up (one-time password, second-factor enrolment): the set-up routes only. */
  allowRestricted?: boolean;
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
  /** What the route declares: its permission and its schemas (the fuzz plan reads them). */
  vigilRoute: RouteMeta;
}

/** The one input rule (lib/http/check-text.ts): a 400 naming the field that breaks it. */
function checkText(value: unknown, root: string): void {
  const issue = findTextIssue(value, root);
  if (issue) throw badRequest(`Invalid request: ${issue.path}: ${issue.message}`, [issue]);
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
  if (isDatabaseUnavailable(error)) {
    requestLogger(requestId).warn({ err: { message: (error as Error)?.message?.split("\n").pop()?.slice(0, 200) ?? "unknown" } }, "database unavailable");
    return NextResponse.json(
      {
        error: { code: "database_unavailable", message: `The database is unavailable right now. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.` },
        requestId,
      },
      { status: 503, headers: { "x-request-id": requestId, "retry-after": String(DATABASE_RETRY_AFTER_SECONDS), "cache-control": "no-store" } },
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
    if (isShuttingDown()) {
      return observe(
        NextResponse.json(
          { error: { code: "shutting_down", message: "The server is restarting. Try again in a few seconds." }, requestId },
          { status: 503, headers: { "x-request-id": requestId, "retry-after": "2", connection: "close" } },
        ),
      );
    }
    try {
      let user: CurrentUser | null = null;
      if (MUTATING.has(request.method) && !isSameOrigin(request)) {
        if (spec.action !== "public") user = await getCurrentUser();
        await recordDenial({ user, required: spec.action, method: request.method, path, reason: "origin", requestId, ip });
        throw forbidden("Cross-origin or Origin-less request refused.");
      }
      if (spec.action !== "public") {
        user = await getCurrentUser({ allowRestricted: spec.allowRestricted });
        if (!user) {
          await recordDenial({ user, required: spec.action, method: request.method, path, reason: "unauthenticated", requestId, ip });
          throw unauthenticated();
        }
        if (!can(user.role, spec.action)) {
          await recordDenial({ user, required: spec.action, method: request.method, path, reason: "forbidden", requestId, ip });
          throw forbidden();
        }
      }
      const rawParams = (await context.params) ?? {};
      checkText(rawParams, "params");
      const params = spec.params ? spec.params.parse(rawParams) : (undefined as P);
      const rawQuery = Object.fromEntries(request.nextUrl.searchParams.entries());
      checkText(rawQuery, "query");
      const query = spec.query ? spec.query.parse(rawQuery) : (undefined as Q);
      const limit = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      let body = undefined as B;
      let rawBody: Uint8Array | null = null;
      if (spec.rawBody) rawBody = await readBodyBytes(request, limit);
      else if (spec.body) {
        const json = await readJsonBody(request, limit);
        checkText(json, "");
        body = spec.body.parse(json);
      }
      const result = await handler({ request, user: user as CurrentUser, body, rawBody, query, params, requestId, ip });
      const response = result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
      response.headers.set("x-request-id", requestId);
      return observe(response);
    } catch (error) {
      return observe(errorResponse(error, requestId));
    }
  };
  return Object.assign(wrapped, {
    vigilRoute: { action: spec.action, body: spec.body, query: spec.query, params: spec.params, maxBodyBytes: spec.maxBodyBytes, rawBody: spec.rawBody },
  });
}
