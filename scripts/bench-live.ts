/**
 * `npm run bench:live [-- --json] [--seconds N]`: runs the live benchmark in Chromium (a camera
 * station with a fake camera, recognition in its worker, WebRTC to the control room, alerts to an
 * operator's page) and prints frames per second per camera and alert latency p50/p95.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const secondsArg = args.indexOf("--seconds");
const env = { ...process.env, BENCH_LIVE_SECONDS: secondsArg >= 0 ? args[secondsArg + 1] : (process.env.BENCH_LIVE_SECONDS ?? "75") };
const run = spawnSync("node_modules/.bin/playwright", ["test", "--config", "playwright.bench.config.ts"], { stdio: json ? ["ignore", "ignore", "inherit"] : "inherit", env });
if (run.status !== 0) {
  console.error("bench:live: the benchmark run failed (see the output above; is `npm run build` done and chromium installed?)");
  process.exit(1);
}
const r = JSON.parse(readFileSync(".vigil/bench/live.json", "utf8"));
console.log(`\nLive benchmark (${r.seconds} s, ${r.cameras} camera, Chromium, this machine)`);
console.log(`  frames recognised per second per camera   ${r.fpsPerCamera}`);
console.log(`  alerts measured                           ${r.alerts}`);
console.log(`  face first seen → alert shown  p50 / p95  ${r.latencyP50Ms} / ${r.latencyP95Ms} ms`);
console.log(`  match emitted → alert shown    p50 / p95  ${r.deliveryP50Ms} / ${r.deliveryP95Ms} ms`);
if (json) console.log(JSON.stringify(r));
