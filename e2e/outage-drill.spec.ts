import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { TINY_JPEG_B64 } from "./support/live-deployment";
import { DEMO, DEMO_PASSWORD } from "./support/roles";

/**
 * The outage drill, on a whole second install run the way `npm start` runs it (its own state
 * folder, its own supervised embedded Postgres): an operator's sender posts match events with
 * retries (and re-sends some already acknowledged, as after a lost acknowledgement) while the
 * embedded Postgres is stopped twice and the app is restarted once. Nothing may be lost or
 * doubled; API calls during an outage get 503 + Retry-After; the app is healthy within 30 s of
 * each database fault with no hand restart; SIGTERM with a live stream open exits within 5 s.
 */
const EVENTS = Number(process.env.VIGIL_DRILL_EVENTS ?? 150);
const stateDir = path.resolve(`.vigil/drill-${process.env.VIGIL_E2E_PORT ?? 3100}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface App {
  child: ChildProcess;
  log: string[];
}

function startApp(port: number, pgPort: number): App {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_STATE_DIR: stateDir,
    VIGIL_PG_PORT: String(pgPort),
    PORT: String(port),
    NEXTAUTH_URL: `http://localhost:${port}`,
    RETENTION_INTERVAL_MINUTES: "0",
  };
  delete env.DATABASE_URL;
  delete env.TEST_PG_ADMIN_URL;
  delete env.NEXTAUTH_SECRET;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts", "--port", String(port), "--no-build"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const keep = (b: Buffer) => log.push(...b.toString("utf8").split("\n").filter(Boolean));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return { child, log };
}

async function healthyWithin(base: string, ms: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const ok = await fetch(`${base}/api/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return Date.now() - t0;
    await sleep(250);
  }
  throw new Error(`not healthy within ${ms} ms`);
}

async function signedIn(base: string, email: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", { form: { email, password: DEMO_PASSWORD, csrfToken, json: "true" } });
  expect(res.status()).toBeLessThan(400);
  expect((await (await ctx.get("/api/me")).json()).user?.email ?? "").toBe(email);
  return ctx;
}

async function liveDeployment(commander: APIRequestContext, authoriser: APIRequestContext, operator: APIRequestContext) {
  const { deployments } = await (await commander.get("/api/deployments")).json();
  const demo = deployments.find((d: { reference: string }) => d.reference === "DEP-DEMO-0001");
  const { watchlists } = await (await commander.get("/api/watchlists")).json();
  const watchlist = watchlists.find((w: { name: string }) => w.name.startsWith("Demo"));
  const now = Date.now();
  const created = await commander.post("/api/deployments", {
    data: {
      name: "Outage drill",
      zoneId: demo.zoneId,
      plannedStart: new Date(now - 60_000).toISOString(),
      plannedEnd: new Date(now + 3 * 3600_000).toISOString(),
      purpose: "Outage drill of live operations at the demo zone.",
      legalBasis: "Test: common law policing powers.",
      necessity: "Drill deployment; necessity recorded for the audit trail.",
      proportionality: "Drill deployment; small zone, short window.",
      watchlistCriteria: "Demo subjects wanted by the courts.",
      expectedFootfallPerHour: 500,
      threshold: 0.45,
      watchlistIds: [watchlist.id],
      cameras: [{ name: "Drill cam", lat: 51.5309, lng: -0.1238, headingDeg: 20, fovDeg: 70, rangeM: 30 }],
      dedupWindowSeconds: 10,
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = (await created.json()).deployment.id as string;
  expect((await commander.post(`/api/deployments/${id}/submit`, { data: {} })).status()).toBe(200);
  expect((await authoriser.post(`/api/deployments/${id}/authorise`, { data: { reasons: "Necessary and proportionate for the drill." } })).status()).toBe(200);
  expect((await operator.post(`/api/deployments/${id}/confirm-signage`, { data: {} })).status()).toBe(200);
  // The operator works this deployment: a commander puts them on its roster.
  const { user } = await (await operator.get("/api/me")).json();
  expect((await commander.post(`/api/deployments/${id}/roster`, { data: { userId: user.id } })).status()).toBe(200);
  const camera = (await (await commander.get(`/api/deployments/${id}`)).json()).deployment.cameras[0] as { id: string };
  const gallery = await (await operator.get(`/api/live/deployments/${id}/gallery`)).json();
  const blue = gallery.entries.find((e: { isTestSubject: boolean }) => e.isTestSubject);
  const base = {
    deploymentId: id,
    cameraId: camera.id,
    thresholdInForce: gallery.threshold,
    modelId: gallery.modelId,
    modelVersion: gallery.modelVersion,
    probeJpeg: TINY_JPEG_B64,
  };
  const selfTest = await operator.post("/api/alerts", {
    data: { ...base, idempotencyKey: `${id}:self-test`, entryId: blue.id, similarity: 0.9, trackId: "self-test", capturedAt: new Date().toISOString() },
  });
  expect(selfTest.status(), await selfTest.text()).toBe(200);
  expect((await operator.post(`/api/alerts/${(await selfTest.json()).alert.id}/adjudicate`, { data: { decision: "CONFIRM", isTest: true } })).status()).toBe(
    200,
  );
  expect((await operator.post(`/api/deployments/${id}/go-live`, { data: {} })).status()).toBe(200);
  const live = await (await operator.get(`/api/live/deployments/${id}/gallery`)).json();
  return { id, base, entries: live.entries as { id: string }[] };
}

function postmasterPid(): number {
  return Number(readFileSync(path.join(stateDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
}

test("outage drill: two Postgres stops and an app restart lose and double nothing", async () => {
  test.setTimeout(20 * 60_000);
  await rm(stateDir, { recursive: true, force: true });
  const port = await freePort();
  const pgPort = await freePort();
  const url = `http://localhost:${port}`;
  let app = startApp(port, pgPort);
  try {
    await healthyWithin(url, 300_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${app.log.slice(-30).join("\n")}`);
    });
    // CLIs of this install find the running app's database here (lib/db/running-app.ts).
    const dbUrl = JSON.parse(readFileSync(path.join(stateDir, "app.json"), "utf8")).url as string;
    const operator = await signedIn(url, DEMO.OPERATOR.email);
    const commander = await signedIn(url, DEMO.COMMANDER.email);
    const authoriser = await signedIn(url, DEMO.AUTHORISING_OFFICER.email);
    const { id, base, entries } = await liveDeployment(commander, authoriser, operator);

    // The sender: every event retried until acknowledged; every 7th re-sent after its ack.
    const statuses: Record<string, number> = {};
    const retryAfter = new Set<string>();
    let acked = 0;
    const keys: string[] = [];
    const post = async (i: number) => {
      const key = `${id}:drill:${i}`;
      const data = {
        ...base,
        idempotencyKey: key,
        entryId: entries[i % entries.length].id,
        similarity: 0.6 + (i % 30) / 100,
        trackId: `t${i}`,
        capturedAt: new Date().toISOString(),
      };
      for (;;) {
        const res = await operator.post("/api/alerts", { data, timeout: 15_000 }).catch(() => null);
        const s = res ? String(res.status()) : "no connection";
        statuses[s] = (statuses[s] ?? 0) + 1;
        if (res?.status() === 503) {
          retryAfter.add(res.headers()["retry-after"] ?? "missing");
          expect(await res.text()).not.toMatch(/prisma|postgres|ECONNREFUSED|at .*\.(js|ts):\d+/i);
        }
        if (res?.status() === 200) return key;
        expect([503, 401].includes(res?.status() ?? 503), `event ${i}: ${res?.status()} ${await res?.text()}`).toBe(true);
        await sleep(400);
      }
    };
    const sender = (async () => {
      for (let i = 0; i < EVENTS; i++) {
        keys.push(await post(i));
        acked++;
        if (i % 7 === 0) await post(i); // the acknowledgement was "lost": the same event again
        await sleep(30);
      }
    })();
    const reached = async (n: number) => {
      while (acked < n) await sleep(100);
    };

    const faults: string[] = [];
    for (const at of [Math.floor(EVENTS * 0.2), Math.floor(EVENTS * 0.45)]) {
      await reached(at);
      process.kill(postmasterPid(), "SIGINT"); // `pg_ctl stop -m fast`
      const t0 = Date.now();
      // While it is down, API calls are answered 503 with Retry-After.
      let sawOutage = false;
      while (!sawOutage && Date.now() - t0 < 10_000) {
        const res = await commander.get("/api/deployments").catch(() => null);
        if (res?.status() === 503) {
          sawOutage = true;
          expect(res.headers()["retry-after"]).toBeTruthy();
          expect((await res.json()).error.code).toBe("database_unavailable");
        }
      }
      const back = await healthyWithin(url, 30_000);
      faults.push(`Postgres stop ${faults.length + 1}: healthy ${((Date.now() - t0) / 1000).toFixed(1)} s after the fault (503 seen: ${sawOutage})`);
      expect(back).toBeLessThan(30_000);
    }
    expect(app.log.join("\n")).toMatch(/exited unexpectedly[\s\S]*restarted on 127\.0\.0\.1/);

    // The app restart, with a live stream open: SIGTERM must end everything within 5 s.
    await reached(Math.floor(EVENTS * 0.7));
    const stream = await fetch(`${url}/api/live/events`, {
      headers: { cookie: (await operator.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    expect(stream.status).toBe(200);
    const streamEnded = stream.body!.pipeTo(new WritableStream()).then(
      () => "ended",
      () => "ended",
    );
    const t0 = Date.now();
    const exited = new Promise<number>((resolve) => app.child.once("exit", () => resolve(Date.now() - t0)));
    app.child.kill("SIGTERM");
    const exitMs = await exited;
    expect(await Promise.race([streamEnded, sleep(1000).then(() => "open")])).toBe("ended");
    faults.push(`app SIGTERM with a live stream open: exited in ${(exitMs / 1000).toFixed(1)} s`);
    expect(exitMs).toBeLessThan(5_000);
    const t1 = Date.now();
    app = startApp(port, pgPort);
    await healthyWithin(url, 300_000);
    faults.push(`app restart: healthy ${((Date.now() - t1) / 1000).toFixed(1)} s after it was started again`);
    await sender;

    // Nothing lost, nothing doubled: every key appears exactly once among alerts and merges.
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const { rows } = await client.query<{ key: string; n: string }>(
      `SELECT key, count(*)::text AS n FROM (
         SELECT "idempotencyKey" AS key FROM "Alert" WHERE "deploymentId" = $1
         UNION ALL SELECT unnest("mergedKeys") FROM "Alert" WHERE "deploymentId" = $1) k
       WHERE key LIKE $2 GROUP BY key`,
      [id, `${id}:drill:%`],
    );
    await client.end();
    const seen = new Map(rows.map((r) => [r.key, Number(r.n)]));
    const lost = keys.filter((k) => !seen.has(k));
    const doubled = [...seen].filter(([, n]) => n > 1);
    console.log(
      `drill: ${EVENTS} events, responses ${JSON.stringify(statuses)}, Retry-After ${[...retryAfter].join(",") || "-"}\n  ${faults.join("\n  ")}\n  lost ${lost.length}, doubled ${doubled.length}`,
    );
    expect(keys).toHaveLength(EVENTS);
    expect(lost).toEqual([]);
    expect(doubled).toEqual([]);
    expect(seen.size).toBe(EVENTS);
    expect(statuses["503"] ?? 0).toBeGreaterThan(0);
  } finally {
    const child = app.child;
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([gone, sleep(10_000)]);
    }
    if (existsSync(path.join(stateDir, "pg", "postmaster.pid"))) {
      try {
        process.kill(postmasterPid(), "SIGINT");
      } catch {
        // already stopped
      }
    }
  }
});
