import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

/**
 * Serves one of a fixed list of build outputs from a folder outside public/: only names in
 * `allowed` (no paths), with an ETag (304 on a match), Content-Length and HEAD.
 *
 * Why not public/: Next.js gzips a public file again for every request, and for the runtime's
 * 14 MB .wasm that cost 0.55 s of server CPU per visit (more on a busy machine), more than the
 * transfer it saved on a local network. Route Handler responses are sent as they are (Next.js
 * also drops any Content-Encoding a handler sets, so files compressed at build time cannot be
 * served from here); a reverse proxy in front of Vigil may compress them for slow links.
 */

const CONTENT_TYPES: Record<string, string> = {
  ".wasm": "application/wasm",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

export interface StaticFileOptions {
  cacheControl?: string;
}

export async function serveStaticFile(
  request: Request,
  dir: string,
  name: string,
  allowed: readonly string[],
  options: StaticFileOptions = {},
): Promise<Response> {
  if (!allowed.includes(name)) return Response.json({ error: `no such file: ${name.slice(0, 100)}` }, { status: 404 });
  const file = path.join(dir, name);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return Response.json({ error: `${name} has not been built (run npm run setup)` }, { status: 404 });
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  const headers = new Headers({
    "Content-Type": CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream",
    "Cache-Control": options.cacheControl ?? "public, max-age=86400",
    ETag: etag,
  });
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) return new Response(null, { status: 304, headers });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, { status: 200, headers });
}
