/**
 * `npm run bench:scale -- --entries 2000000 [--real 300] [--probes 100] [--json] [--reuse]`
 *
 * A watchlist at scale, end to end (issue 14): in a scratch database on the test Postgres cluster
 * (VIGIL_TEST_PG_PORT, or TEST_PG_ADMIN_URL) it bulk-inserts N entries (random unit vectors, plus
 * real LFW faces from ../shared/lfw-dev embedded with the real models), freezes the snapshot as
 * authorisation does (binary chunks, hashed), serves it with the gallery route's stream to a station
 * worker in Debian's Chromium, and sends the real probe photos (another photo of each enrolled
 * person) through the worker. Prints freeze time, snapshot bytes, gallery download + verify and
 * worker load times, worker memory, match ms per face and rank-1 on the real probes; --json prints
 * one JSON object (the e2e spec e2e/scale-gallery.spec.ts runs it at 100,000 entries). --reuse keeps
 * the seeded watchlist (and the real faces' embeddings) in a database of its own per size
 * (vigil_bench_scale_<entries>_r<real>) and reuses it on the next --reuse run: only freeze, stream,
 * load and match run again.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright";
import pg from "pg";
import type { RealFace, ScaleDeployment } from "../lib/testing/scale-gallery";
import { ORT_BUILD_DIR } from "../lib/recognition/ort-files";
import { databaseUrl, ensureTestCluster, freshDatabase } from "../lib/testing/test-database";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".onnx": "application/octet-stream",
  ".html": "text/html",
};

/** Resident memory (bytes) of the browser's renderer and utility processes, from /proc. */
function rendererRss(marker: string): number | null {
  const out = spawnSync("ps", ["-e", "-o", "pid=,ppid=,rss=,args="], { encoding: "utf8" }).stdout;
  const rows = out
    .trim()
    .split("\n")
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ pid: +m[1], ppid: +m[2], rss: +m[3] * 1024, args: m[4] }));
  const mine = new Set(rows.filter((r) => r.args.includes(marker)).map((r) => r.pid));
  if (mine.size === 0) return null;
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) {
      if (mine.has(r.ppid) && !mine.has(r.pid)) {
        mine.add(r.pid);
        grew = true;
      }
    }
  }
  const renderers = rows.filter((r) => mine.has(r.pid) && r.args.includes("--type=renderer"));
  return renderers.length ? Math.max(...renderers.map((r) => r.rss)) : null;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  embedderHeapUsedSize?: number;
  backingStorageSize?: number;
}

/** The recognition worker's heap (CDP Runtime.getHeapUsage: JS heap, embedder heap, array buffer backing stores). */
async function workerMemory(browser: Browser): Promise<HeapUsage | null> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send("Target.getTargets")) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const worker = targetInfos.find((t) => t.type === "worker" && t.url.includes("/workers/recognition"));
    if (!worker) return null;
    const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId: worker.targetId, flatten: false })) as { sessionId: string };
    const answer = new Promise<HeapUsage | null>((resolve) => {
      cdp.on("Target.receivedMessageFromTarget", (e: { sessionId: string; message: string }) => {
        const m = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
        if (e.sessionId === sessionId && m.id === 1) resolve(m.result ?? null);
      });
      setTimeout(() => resolve(null), 10_000);
    });
    await cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }) });
    return await answer;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

interface StoredSeed {
  seeded: Omit<ScaleDeployment, "realIds">;
  realIds: [string, string][];
  real: RealFace[];
}

/** The seed a previous `--reuse` run stored beside its watchlist (null when there is none). */
async function readSeed(adminUrl: string, name: string): Promise<StoredSeed | null> {
  const client = new pg.Client({ connectionString: databaseUrl(adminUrl, name) });
  try {
    await client.connect();
    const { rows } = await client.query<{ seed: string }>(`SELECT seed FROM bench_scale_seed LIMIT 1`);
    if (!rows.length) return null;
    const s = JSON.parse(rows[0].seed) as Omit<StoredSeed, "real"> & { real: (Omit<RealFace, "enrol" | "probe"> & { enrol: number[]; probe: number[] })[] };
    return { ...s, real: s.real.map((f) => ({ ...f, enrol: new Float32Array(f.enrol), probe: new Float32Array(f.probe) })) };
  } catch {
    return null; // no such database or table: seed afresh
  } finally {
    await client.end().catch(() => {});
  }
}

async function writeSeed(url: string, seeded: ScaleDeployment, real: readonly RealFace[]): Promise<void> {
  const { realIds, ...rest } = seeded;
  const seed = JSON.stringify({
    seeded: rest,
    realIds: [...realIds],
    real: real.map((f) => ({ ...f, enrol: [...f.enrol], probe: [...f.probe] })),
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bench_scale_seed (seed text NOT NULL)`);
    await client.query(`INSERT INTO bench_scale_seed (seed) VALUES ($1)`, [seed]);
  } finally {
    await client.end();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      entries: { type: "string", default: "100000" },
      real: { type: "string", default: "300" },
      probes: { type: "string" },
      json: { type: "boolean", default: false },
      threshold: { type: "string", default: "0.2" },
      reuse: { type: "boolean", default: false },
    },
  });
  const entries = Math.max(1000, Number(values.entries));
  const realCount = Math.max(1, Number(values.real));
  const threshold = Number(values.threshold);
  const log = (s: string) => values.json || console.error(s);
  const cluster = await ensureTestCluster();
  // --reuse keeps the seeded watchlist in its own database (per size) and seeds it only once.
  const dbName = values.reuse ? `vigil_bench_scale_${entries}_r${realCount}` : "vigil_bench_scale";
  const reusable = values.reuse ? await readSeed(cluster.adminUrl, dbName) : null;
  const url = reusable ? databaseUrl(cluster.adminUrl, dbName) : await freshDatabase(cluster.adminUrl, dbName);
  process.env.DATABASE_URL = url;
  const { db } = await import("../lib/db/prisma");
  const { createNodeRecognizer } = await import("../lib/recognition/node/load-models");
  const scale = await import("../lib/testing/scale-gallery");

  let server: ReturnType<typeof createServer> | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    let real: RealFace[];
    if (reusable) {
      real = reusable.real;
      log(`reusing the seeded watchlist in database ${dbName} (${real.length} real people)`);
    } else {
      const rec = await createNodeRecognizer();
      const tEmbed = performance.now();
      real = await scale.embedRealFaces(rec, realCount);
      await rec.dispose();
      log(`embedded ${real.length} real people (enrol + probe photo) in ${((performance.now() - tEmbed) / 1000).toFixed(1)} s`);
    }
    const packing = scale.packingError(real);
    log(
      `int8 packing vs float32 on real faces: max |Δscore| ${packing.maxAbsScoreError.toFixed(4)}, mean ${packing.meanAbsScoreError.toFixed(5)} over ${packing.pairs} pairs; nearest real face unchanged for ${(packing.top1Agreement * 100).toFixed(1)} %`,
    );

    let seeded: ScaleDeployment;
    if (reusable) {
      seeded = { ...reusable.seeded, realIds: new Map(reusable.realIds) };
      // The seeded deployment's window was an hour either side of the seeding: open it again around now.
      const now = Date.now();
      await db().deployment.update({
        where: { id: seeded.deploymentId },
        data: { plannedStart: new Date(now - 3600_000), plannedEnd: new Date(now + 3600_000) },
      });
    } else {
      seeded = await scale.seedScaleDeployment(entries, real, { onProgress: (n) => n % 200_000 === 0 && log(`  seeded ${n.toLocaleString("en-GB")}`) });
      log(`seeded ${entries.toLocaleString("en-GB")} entries in ${(seeded.seedMs / 1000).toFixed(1)} s`);
      if (values.reuse) await writeSeed(url, seeded, real);
    }
    const { snapshot, freezeMs, freezeCpuMs } = await scale.freezeScaleSnapshot(seeded.deploymentId);
    log(
      `froze ${snapshot.entryCount.toLocaleString("en-GB")} entries into ${snapshot.chunkCount} chunks, ${(Number(snapshot.byteSize) / 1048576).toFixed(1)} MiB, in ${(freezeMs / 1000).toFixed(1)} s (root ${snapshot.contentHash.slice(0, 12)}…)`,
    );

    const probes = Math.min(real.length, Number(values.probes ?? real.length));
    const page = await build({
      entryPoints: [path.join(ROOT, "scripts/bench-scale-page.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      minify: true,
      conditions: ["onnxruntime-web-use-extern-wasm"],
      logLevel: "error",
    });
    const pageJs = page.outputFiles[0].contents;
    const isolation = {
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
      "cross-origin-resource-policy": "same-origin",
    };
    const send = (res: ServerResponse, status: number, type: string, body: Uint8Array | string) => {
      res.writeHead(status, { "content-type": type, ...isolation });
      res.end(body);
    };
    server = createServer((req, res) => {
      void (async () => {
        const u = new URL(req.url ?? "/", "http://x");
        if (u.pathname === "/")
          return send(res, 200, "text/html", '<!doctype html><meta charset="utf-8"><title>bench:scale</title><script type="module" src="/page.js"></script>');
        if (u.pathname === "/page.js") return send(res, 200, "text/javascript", pageJs);
        if (u.pathname === "/gallery") {
          const r = await scale.scaleGalleryResponse(seeded.deploymentId);
          res.writeHead(200, { ...Object.fromEntries(r.headers), ...isolation });
          Readable.fromWeb(r.body! as import("node:stream/web").ReadableStream).pipe(res);
          return;
        }
        const probe = /^\/probe\/(\d+)$/.exec(u.pathname);
        if (probe) return send(res, 200, "image/jpeg", await readFile(real[Number(probe[1])].probePath));
        if (/^\/(workers|ort|models)\/[\w.-]+$/.test(u.pathname)) {
          // The app serves the runtime's files at /ort/ from ORT_BUILD_DIR (app/ort/[file]/route.ts), the rest from public/.
          const file = u.pathname.startsWith("/ort/") ? path.join(ROOT, ORT_BUILD_DIR, path.basename(u.pathname)) : path.join(ROOT, "public", u.pathname);
          return send(res, 200, TYPES[path.extname(file)] ?? "application/octet-stream", await readFile(file));
        }
        send(res, 404, "text/plain", "not found");
      })().catch((e: Error) => {
        console.error(`bench:scale server: ${req.url}: ${e.stack ?? e.message}`);
        if (!res.headersSent) send(res, 500, "text/plain", e.message);
        else res.destroy(e);
      });
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;

    const marker = `--vigil-bench-scale=${process.pid}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [marker, "--no-sandbox", "--disable-gpu", "--enable-precise-memory-info", "--js-flags=--max-old-space-size=8192"],
    });
    const tab = await browser.newPage();
    tab.on("pageerror", (e) => log(`[pageerror] ${e.message}`));
    await tab.goto(`http://127.0.0.1:${port}/`);
    await tab.waitForFunction(() => "runScaleBench" in window);
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rendererRss(marker) ?? 0)), 500);
    const out = (await tab.evaluate(([n, t]) => (window as unknown as { runScaleBench(n: number, t: number): Promise<unknown> }).runScaleBench(n, t), [
      probes,
      threshold,
    ] as const)) as {
      backend: string;
      numThreads: number;
      crossOriginIsolated: boolean;
      hardwareConcurrency: number;
      modelLoadMs: number;
      downloadMs: number;
      workerLoadMs: number;
      workerBuildMs: number;
      matcher: string;
      gallerySize: number;
      bytes: number;
      entries: number;
      pageHeapBytes: number | null;
      results: { probe: number; match: string | null; score: number | null; faces: number; matchMs: number; matchThreads: number }[];
    };
    clearInterval(sampler);
    const workerHeap = await workerMemory(browser);
    await tab.evaluate(() => (window as unknown as { disposeScaleBench(): void }).disposeScaleBench());
    const expected = real.slice(0, probes).map((f) => seeded.realIds.get(f.reference));
    const withFace = out.results.filter((r) => r.faces > 0);
    const rank1 = out.results.filter((r, i) => r.match !== null && r.match === expected[i]).length;
    const matchMs = withFace.map((r) => r.matchMs).sort((a, b) => a - b);
    // Threads of the search (scan helpers start asynchronously: the first probes may search alone).
    const matchThreads = Math.max(1, ...out.results.map((r) => r.matchThreads));
    const alone = withFace.filter((r) => r.matchThreads === 1).length;
    const figures = {
      entries,
      realPeople: real.length,
      seedSeconds: +(seeded.seedMs / 1000).toFixed(1),
      seedReused: reusable !== null,
      freezeSeconds: +(freezeMs / 1000).toFixed(2),
      freezeServerCpuSeconds: +(freezeCpuMs / 1000).toFixed(2),
      snapshotBytes: Number(snapshot.byteSize),
      snapshotChunks: snapshot.chunkCount,
      snapshotEntries: snapshot.entryCount,
      snapshotHash: snapshot.contentHash,
      streamBytes: out.bytes,
      galleryDownloadVerifySeconds: +(out.downloadMs / 1000).toFixed(2),
      workerLoadSeconds: +(out.workerLoadMs / 1000).toFixed(2),
      galleryTotalSeconds: +((out.downloadMs + out.workerLoadMs) / 1000).toFixed(2),
      workerMatcherBuildSeconds: +(out.workerBuildMs / 1000).toFixed(2),
      workerGallerySize: out.gallerySize,
      matcher: out.matcher,
      backend: `${out.backend} x ${out.numThreads}`,
      crossOriginIsolated: out.crossOriginIsolated,
      workerMemoryBytes: workerHeap ? workerHeap.usedSize + (workerHeap.backingStorageSize ?? 0) + (workerHeap.embedderHeapUsedSize ?? 0) : null,
      workerJsHeapBytes: workerHeap?.usedSize ?? null,
      workerArrayBufferBytes: workerHeap?.backingStorageSize ?? null,
      pageHeapBytes: out.pageHeapBytes,
      rendererPeakRssBytes: peakRss || null,
      probes,
      probesWithFace: withFace.length,
      matchMsPerFaceMedian: matchMs.length ? +matchMs[Math.floor(matchMs.length / 2)].toFixed(2) : null,
      matchMsPerFaceP95: matchMs.length ? +matchMs[Math.min(matchMs.length - 1, Math.floor(matchMs.length * 0.95))].toFixed(2) : null,
      matchThreads,
      probesSearchedAlone: alone,
      browserCores: out.hardwareConcurrency,
      rank1Hits: rank1,
      rank1: probes ? +(rank1 / probes).toFixed(4) : 0,
      threshold,
      int8: packing,
      loadAverage: loadavg().map((l) => +l.toFixed(2)),
      cpus: cpus().length,
    };
    if (values.json) console.log(JSON.stringify(figures));
    else {
      const mib = (b: number | null) => (b === null ? "n/a" : `${(b / 1048576).toFixed(0)} MiB`);
      console.log(
        `bench:scale at ${entries.toLocaleString("en-GB")} entries (${real.length} real people; load average ${figures.loadAverage.join(" ")} on ${figures.cpus} CPUs${reusable ? "; seed reused" : `; seeded in ${figures.seedSeconds} s`})`,
      );
      console.log(
        `  freeze                     ${figures.freezeSeconds} s  (server process CPU ${figures.freezeServerCpuSeconds} s; ${figures.snapshotChunks} chunks, ${mib(figures.snapshotBytes)})`,
      );
      console.log(`  gallery download + verify  ${figures.galleryDownloadVerifySeconds} s  (${mib(figures.streamBytes)})`);
      console.log(`  into the worker's matcher  ${figures.workerLoadSeconds} s  (${figures.matcher}, build ${figures.workerMatcherBuildSeconds} s)`);
      console.log(
        `  worker memory              ${mib(figures.workerMemoryBytes)}  (JS heap ${mib(figures.workerJsHeapBytes)}, array buffers ${mib(figures.workerArrayBufferBytes)}; page JS heap ${mib(figures.pageHeapBytes)}, renderer peak RSS ${mib(figures.rendererPeakRssBytes)})`,
      );
      console.log(
        `  match per face             ${figures.matchMsPerFaceMedian} ms median, ${figures.matchMsPerFaceP95} ms p95  (${matchThreads} thread(s) of ${figures.browserCores} cores; ${alone} probe(s) searched before the helpers started)`,
      );
      console.log(`  rank-1 on real probes      ${rank1}/${probes} (${(figures.rank1 * 100).toFixed(1)} %)`);
      console.log(
        `  int8 vs float32            max |Δscore| ${packing.maxAbsScoreError.toFixed(4)}, nearest unchanged ${(packing.top1Agreement * 100).toFixed(1)} %`,
      );
    }
  } finally {
    await browser?.close();
    server?.close();
    await db().$disconnect();
    await cluster.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
