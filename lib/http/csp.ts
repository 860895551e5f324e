/** The Content-Security-Policy for pages: nonce'd scripts, no unsafe-eval (wasm-unsafe-eval only). */
export function buildCsp(nonce: string, options: { dev?: boolean; tileUrl?: string } = {}): string {
  let tileOrigin = "";
  if (options.tileUrl) {
    try {
      tileOrigin = new URL(options.tileUrl.replace(/\{[a-z]\}/g, "a")).origin;
    } catch {
      tileOrigin = "";
    }
  }
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", `'nonce-${nonce}'`],
    "img-src": ["'self'", "data:", "blob:", ...(tileOrigin ? [tileOrigin] : [])],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(options.dev ? ["ws:"] : [])],
    "media-src": ["'self'", "blob:", "mediastream:"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
}
