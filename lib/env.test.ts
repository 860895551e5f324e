import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Variables only the test harness, CI and benchmarks read (never the app). */
const HARNESS = new Set([
  "TEST_PG_ADMIN_URL",
  "VIGIL_TEST_PG_PORT",
  "VIGIL_E2E_PORT",
  "VIGIL_E2E_DB",
  "VIGIL_E2E_OIDC_PORT",
  "VIGIL_TEST_ALLOW_REMOTE_DB",
  "VIGIL_SCREENSHOTS",
  "CI",
  "CHROMIUM_PATH",
  "PLAYWRIGHT_JSON_OUTPUT_NAME",
  "BENCH_LIVE_SECONDS",
  "BENCH_LIVE_CAMERAS",
  "BENCH_LIVE_FPS",
  "VIGIL_FUZZ_LIMIT",
  "VIGIL_FUZZ_SEED",
  "VIGIL_DRILL_EVENTS",
  "DOSSIER_PDF_OUT",
  "NEXT_RUNTIME",
  "NEXT_DIST_DIR",
]);

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== "generated") out.push(...(await sources(full)));
    else if (/\.(ts|tsx|js|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(full);
  }
  return out;
}

async function schemaKeys(): Promise<string[]> {
  const text = await readFile("lib/env.ts", "utf8");
  return [...text.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
}

describe("environment variables", () => {
  it("every variable lib/env.ts parses is documented in .env.example, and nothing else is", async () => {
    const example = await readFile(".env.example", "utf8");
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual((await schemaKeys()).sort());
  });

  it("every variable the app reads is parsed in lib/env.ts", async () => {
    const keys = new Set(await schemaKeys());
    const files = [
      ...(await sources("lib")),
      ...(await sources("app")),
      ...(await sources("components")),
      ...(await sources("scripts")),
      "proxy.ts",
      "next.config.js",
      "instrumentation.ts",
    ];
    const read = new Set<string>();
    for (const f of files) for (const m of (await readFile(f, "utf8")).matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) read.add(m[1]);
    const undocumented = [...read].filter((k) => !keys.has(k) && !HARNESS.has(k)).sort();
    expect(undocumented).toEqual([]);
  });
});
