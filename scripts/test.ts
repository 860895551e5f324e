/**
 * `npm test`: every test, in tiers, on real parts.
 *   1. setup (models, onnxruntime-web files, worker bundle),
 *   2. type check, lint (ESLint) and format (Prettier --check),
 *   3. unit and integration tests (vitest) on an embedded Postgres,
 *   4. the production build,
 *   5. end-to-end tests in Debian's Chromium (Playwright).
 * Ends with one summary line: "Tests: N passed, N failed, N skipped".
 */
import { spawn } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ensureTestCluster } from "../lib/testing/test-database";
import { setup } from "./setup";

const resultsDir = path.join(".vigil", "test-results");
const bin = (name: string) => path.join("node_modules", ".bin", name);
const only = process.argv.slice(2);
const want = (tier: string) => only.length === 0 || only.includes(tier);

function run(label: string, cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  console.log(`\n── ${label} ──`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

async function vitestCounts(file: string): Promise<Counts> {
  const report = JSON.parse(await readFile(file, "utf8"));
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
}

async function playwrightCounts(file: string): Promise<Counts> {
  const report = JSON.parse(await readFile(file, "utf8"));
  const s = report.stats;
  return { passed: s.expected + (s.flaky ?? 0), failed: s.unexpected, skipped: s.skipped };
}

async function main() {
  const started = Date.now();
  await mkdir(resultsDir, { recursive: true });
  const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
  const failures: string[] = [];
  const add = (c: Counts) => {
    totals.passed += c.passed;
    totals.failed += c.failed;
    totals.skipped += c.skipped;
  };

  await setup();
  const cluster = await ensureTestCluster();
  const env = { TEST_PG_ADMIN_URL: cluster.adminUrl };
  try {
    if (want("typecheck")) {
      if ((await run("type check", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"])) !== 0) failures.push("type check");
    }
    if (want("lint")) {
      if ((await run("lint", bin("eslint"), [".", "--max-warnings=0"])) !== 0) failures.push("lint");
      if ((await run("format", bin("prettier"), ["--check", "."])) !== 0) failures.push("format");
    }
    if (want("vitest")) {
      const out = path.join(resultsDir, "vitest.json");
      const code = await run("unit and integration tests", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
      try {
        add(await vitestCounts(out));
      } catch {
        failures.push("vitest produced no report");
      }
      if (code !== 0) failures.push("vitest");
    }
    if (want("e2e")) {
      const built = await run("production build", bin("next"), ["build"], { NODE_ENV: "production" });
      if (built !== 0) failures.push("next build");
      else {
        const out = path.join(resultsDir, "playwright.json");
        const code = await run("end-to-end tests (Chromium)", bin("playwright"), ["test"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
        try {
          add(await playwrightCounts(out));
        } catch {
          failures.push("playwright produced no report");
        }
        if (code !== 0) failures.push("playwright");
      }
    }
  } finally {
    await cluster.stop();
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`\nTests finished in ${minutes} min${failures.length ? `; failing steps: ${failures.join(", ")}` : ""}`);
  if (failures.length && totals.failed === 0) totals.failed = failures.length;
  console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(failures.length || totals.failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log("Tests: 0 passed, 1 failed, 0 skipped");
  process.exit(1);
});
