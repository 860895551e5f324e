import { readFile, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dataDirectoryOn, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { stateDir } from "./paths";
import { forgetRunningApp, readRunningApp, recordRunningApp } from "./running-app";

// Two "checkouts" (two data folders) on one machine, each with its own real embedded Postgres.
const dirA = path.join(stateDir, "pg-owner-test-a");
const dirB = path.join(stateDir, "pg-owner-test-b");
const started: EmbeddedDatabase[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not within ${ms} ms`);
}

afterAll(async () => {
  for (const s of started.reverse()) await s.stop().catch(() => {});
  await rm(dirA, { recursive: true, force: true });
  await rm(dirB, { recursive: true, force: true });
});

describe("an embedded database belongs to its checkout", () => {
  let portA = 0;
  const logA: string[] = [];

  it("starts checkout A's server, supervised", async () => {
    const a = await startEmbeddedPostgres({ dir: dirA, port: await freePort(), database: "vigil", log: (l) => logA.push(l), supervise: true });
    started.push(a);
    portA = a.port!;
    expect(await dataDirectoryOn(portA)).toBe(path.resolve(dirA));
  });

  it("checkout B never reuses A's server on the port it wanted: it gets its own on a free port", async () => {
    const logB: string[] = [];
    const b = await startEmbeddedPostgres({ dir: dirB, port: portA, database: "vigil", log: (l) => logB.push(l) });
    started.push(b);
    expect(b.port).not.toBe(portA);
    expect(await dataDirectoryOn(b.port!)).toBe(path.resolve(dirB));
    expect(await dataDirectoryOn(portA)).toBe(path.resolve(dirA));
    expect(logB.join("\n")).toMatch(new RegExp(`port ${portA} belongs to another checkout's Postgres`));
  });

  it("A finds its own running server wherever it listens, and reusing it does not own it", async () => {
    const again = await startEmbeddedPostgres({ dir: dirA, port: portA + 1, database: "vigil" });
    expect(again.port).toBe(portA);
    await again.stop(); // a no-op: this call did not start it
    expect(await dataDirectoryOn(portA)).toBe(path.resolve(dirA));
  });

  it("a supervised server that dies is restarted, with a log line", async () => {
    const pid = Number((await readFile(path.join(dirA, "postmaster.pid"), "utf8")).split("\n")[0]);
    process.kill(pid, "SIGINT"); // what `pg_ctl stop -m fast` does
    await waitFor(async () => (await dataDirectoryOn(portA)) === null, 15_000);
    const back = await waitFor(async () => (await dataDirectoryOn(portA)) === path.resolve(dirA), 30_000);
    expect(logA.join("\n")).toMatch(/exited unexpectedly[\s\S]*restarted on 127\.0\.0\.1:\d+ after/);
    console.log(`supervised Postgres answered again ${(back / 1000).toFixed(1)} s after it went down`);
  });

  it("CLIs find the running app's database in .vigil/app.json, and only while that process lives", async () => {
    const dir = path.join(stateDir, "running-app-test");
    await recordRunningApp(dir, { pid: process.pid, url: "postgresql://u:p@127.0.0.1:1/x", port: 1, startedAt: new Date().toISOString() });
    expect(readRunningApp(dir)?.url).toBe("postgresql://u:p@127.0.0.1:1/x");
    await recordRunningApp(dir, { pid: 2 ** 22 + 12345, url: "postgresql://gone", port: 1, startedAt: new Date().toISOString() });
    expect(readRunningApp(dir)).toBeNull();
    await forgetRunningApp(dir, 2 ** 22 + 12345);
    expect(readRunningApp(dir)).toBeNull();
    await rm(dir, { recursive: true, force: true });
  });
});
