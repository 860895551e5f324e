/**
 * `npm run bench:live [-- --cameras N] [--seconds S] [--fps F] [--json]`: runs the live benchmark in
 * Chromium (camera stations with a fake camera, recognition in their workers, WebRTC to the control
 * room, alerts to an operator's page), for 1 camera and, with `--cameras N`, for N cameras at once,
 * and prints frames per second per camera, model load time and the face-in-frame → alert-on-another-
 * operator's-screen latency p50/p95. `--fps F` holds every station's worker to F frames/s.
 * Needs `npm run build` first. The figures are this machine's; a shared or busy machine is noisy.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cameras = arg("--cameras");
if (cameras !== undefined && !(Number(cameras) >= 1 && Number(cameras) <= 8)) {
  console.error("bench:live: --cameras must be a number from 1 to 8");
  process.exit(2);
}
const env = {
  ...process.env,
  BENCH_LIVE_SECONDS: arg("--seconds") ?? process.env.BENCH_LIVE_SECONDS ?? "75",
  BENCH_LIVE_CAMERAS: cameras ?? process.env.BENCH_LIVE_CAMERAS ?? "1",
  ...(arg("--fps") ? { BENCH_LIVE_FPS: arg("--fps") } : {}),
};
const run = spawnSync("node_modules/.bin/playwright", ["test", "--config", "playwright.bench.config.ts", "e2e/bench/live.bench.ts"], {
  stdio: json ? ["ignore", 2, "inherit"] : "inherit",
  env,
});
if (run.status !== 0) {
  console.error("bench:live: the benchmark run failed (see the output above; is `npm run build` done and chromium installed?)");
  process.exit(1);
}
interface Run {
  cameras: number;
  fpsPerCamera: number[];
  fpsMean: number | null;
  modelLoadMs: number[];
  alerts: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  deliveryP50Ms: number | null;
  deliveryP95Ms: number | null;
  metrics: Record<string, number>;
}
const r = JSON.parse(readFileSync(".vigil/bench/live.json", "utf8")) as { seconds: number; maxFps: number | null; runs: Run[] };
const out = json ? console.error : console.log;
out(`\nLive benchmark (${r.seconds} s per run, Chromium, this machine${r.maxFps ? `, workers held to ${r.maxFps} frames/s` : ""})`);
for (const x of r.runs) {
  out(`  ${x.cameras} camera${x.cameras === 1 ? "" : "s"}:`);
  out(`    frames recognised per second per camera   ${x.fpsPerCamera.join(" / ")} (mean ${x.fpsMean})`);
  out(`    recognition models loaded in              ${x.modelLoadMs.map((m) => `${m} ms`).join(" / ")}`);
  out(`    alerts measured                           ${x.alerts}`);
  out(`    face first seen → alert shown  p50 / p95  ${x.latencyP50Ms} / ${x.latencyP95Ms} ms`);
  out(`    match emitted → alert shown    p50 / p95  ${x.deliveryP50Ms} / ${x.deliveryP95Ms} ms`);
  const m = x.metrics;
  out(
    `    /metrics over the run: alerts ingested +${m.alertsIngested}, live events delivered +${m.liveEventsDelivered}, station faces +${m.stationFacesReported}, audit appends +${m.auditAppends}, API requests +${m.httpRequests}`,
  );
  out(
    `    /metrics halfway: live subscribers ${m.liveSubscribersHalfway}, station frames/s (sum) ${m.stationFpsHalfway}, station back ends ${m.stationBackendsHalfway}, db pool ${m.dbPoolHalfway}`,
  );
}
if (json) console.log(JSON.stringify(r));
