import { NextResponse, type NextRequest } from "next/server";
import { buildCsp } from "@/lib/http/csp";

/**
 * Runs before every page and API request. It sets the per-request CSP nonce and, as a
 * convenience only, sends visitors without a session cookie to sign-in. Authorisation is never
 * decided here: every page and route handler checks the session and permission table itself.
 */
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const PUBLIC_PAGES = ["/signin", "/bench", "/transparency"];

export function proxy(request: NextRequest) {
  // A malformed percent-encoding (e.g. an encoded lone surrogate, %ED%A0%80) made Next's router
  // answer 500 when it decoded route params: refuse it here, plainly, for every route.
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return NextResponse.json(
      { error: { code: "bad_request", message: "Invalid request: path: the address contains malformed percent-encoding (not UTF-8)." } },
      { status: 400 },
    );
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = buildCsp(nonce, {
    dev: process.env.NODE_ENV === "development",
    tileUrl: process.env.NEXT_PUBLIC_TILE_URL,
  });
  const { pathname, search } = request.nextUrl;
  // /metrics is an API (rewritten to /api/metrics): a scraper has a bearer token, not a session.
  const isPage = !pathname.startsWith("/api/") && pathname !== "/metrics";
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (isPage && !hasSession && !PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(p + "/"))) {
    const url = request.nextUrl.clone();
    url.pathname = "/signin";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    const redirect = NextResponse.redirect(url);
    redirect.headers.set("Content-Security-Policy", csp);
    return redirect;
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/**
 * Upload routes stay out of the proxy: Next buffers a proxied request body and cuts it at its
 * proxy body limit (10 MB), which silently truncated crime CSV uploads. Those routes stream the
 * body themselves and enforce their own bound (MAX_CRIME_CSV_BYTES); they need no nonce.
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|models/|ort/|workers/|basemap/|api/intel/imports$).*)"],
};
