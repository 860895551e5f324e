import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStaticFile } from "./static-file";

describe("serving a build output from outside public/", () => {
  let dir = "";
  const body = Buffer.from("(module)".repeat(1000));
  const allowed = ["rt.wasm", "glue.mjs", "missing.wasm"];
  const get = (name: string, headers: Record<string, string> = {}, method = "GET") =>
    serveStaticFile(new Request(`http://x/ort/${name}`, { method, headers }), dir, name, allowed);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "vigil-static-"));
    await writeFile(path.join(dir, "rt.wasm"), body);
    await writeFile(path.join(dir, "glue.mjs"), "export {}");
    await writeFile(path.join(dir, "secret.txt"), "no");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("sends the file's bytes with its type, uncompressed, and a validator", async () => {
    const r = await get("rt.wasm", { "accept-encoding": "gzip, br" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/wasm");
    expect(r.headers.get("content-encoding")).toBeNull();
    expect(r.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(Buffer.from(await r.arrayBuffer()).equals(body)).toBe(true);
    const mjs = await get("glue.mjs");
    expect(mjs.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await mjs.text()).toBe("export {}");
  });

  it("answers 304 to its ETag (also weak, also in a list), and HEAD without a body", async () => {
    const first = await get("rt.wasm");
    const etag = first.headers.get("etag")!;
    await first.arrayBuffer();
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
    expect((await get("rt.wasm", { "if-none-match": etag })).status).toBe(304);
    expect((await get("rt.wasm", { "if-none-match": `"x", W/${etag}` })).status).toBe(304);
    expect((await get("rt.wasm", { "if-none-match": '"other"' })).status).toBe(200);
    const head = await get("rt.wasm", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it("serves only the listed names (no other file, no path), and says when one was not built", async () => {
    for (const name of ["secret.txt", "../static-file.ts", "%2e%2e", ""]) {
      const r = await get(name);
      expect(r.status).toBe(404);
      expect((await r.json()).error).toMatch(/no such file/);
    }
    const r = await get("missing.wasm");
    expect(r.status).toBe(404);
    expect((await r.json()).error).toMatch(/not been built.*npm run setup/);
  });
});
