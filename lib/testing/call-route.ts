import { NextRequest } from "next/server";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/**
 * Calls a real route handler (wrapper, permission table, roster check, database) the way Next
 * does, from this app's own origin. The signed-in user comes from the test's mock of
 * lib/auth/current-user (the only stand-in: sessions need a browser cookie).
 */
export async function callRoute(
  handler: Handler,
  opts: { method?: string; path: string; params?: Record<string, string>; body?: unknown; headers?: Record<string, string> },
): Promise<{ status: number; text: string; json: () => unknown; headers: Headers }> {
  const method = opts.method ?? "GET";
  const url = new URL(opts.path, "http://localhost:3000");
  const request = new NextRequest(url, {
    method,
    headers: {
      host: "localhost:3000",
      origin: "http://localhost:3000",
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const response = await handler(request, { params: Promise.resolve(opts.params ?? {}) });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text), headers: response.headers };
}
