/**
 * Recognition benchmark in Node with onnxruntime-web (WASM): `npm run bench:recognition -- [--json] [--runs N] [--no-1m]`.
 * Median ms over warm runs of each stage, end-to-end frame time with one face, and open-set
 * matching per probe against random galleries of 10k, 100k and 1M unit vectors.
 * With --json the LAST line of stdout is one JSON object.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { alignmentTransform, warpFaceToTensor } from "../lib/recognition/align";
import { benchMatching, randomGallery, timeMedian } from "../lib/recognition/benchmark";
import { fitIntoFrame, placeInFrame } from "../lib/recognition/compose-frame";
import { createMatcher } from "../lib/recognition/match";
import { benchCameraSequence } from "../lib/recognition/node/bench-camera-sequence";
import { readImage } from "../lib/recognition/node/decode-image";
import { createNodeRecognizer, sharedDir } from "../lib/recognition/node/load-models";
import { DEFAULT_MATCH_THRESHOLD } from "../lib/recognition/thresholds";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      runs: { type: "string", default: "15" },
      image: { type: "string" },
      "no-1m": { type: "boolean", default: false },
      threads: { type: "string" },
    },
  });
  const runs = Math.max(3, Number(values.runs));
  const photo = await readImage(path.resolve(values.image ?? path.join(sharedDir(), "faces/obama/1.jpg")));
  const frame169 = fitIntoFrame(photo, 1280, 720);
  const frameSquare = fitIntoFrame(photo, 720, 720);

  const loadStart = performance.now();
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 16)) throw new Error("--threads must be an integer 1..16");
  const rec = await createNodeRecognizer(threads === undefined ? {} : { numThreads: threads });
  const loadMs = performance.now() - loadStart; // read + verify (sha256) the model files, create the ORT sessions
  const warmupMs = await rec.warmUp();
  const log = (s: string) => console.log(s);
  log(`backend ${rec.backend}, ${rec.numThreads} thread(s), ${runs} timed runs per figure (median)`);

  const d169 = await rec.detect(frame169);
  if (d169.detections.length !== 1) throw new Error(`benchmark frame should hold one face, found ${d169.detections.length}`);
  const face = d169.detections[0];
  const detectMs = await timeMedian(() => rec.detect(frame169), runs);
  const inferTimes: number[] = [];
  await timeMedian(async () => inferTimes.push((await rec.detect(frame169)).timings.detect), runs, 0);
  const detect640Ms = await timeMedian(() => rec.detect(frameSquare), runs);

  const m = alignmentTransform(face.landmarks);
  const alignMs = await timeMedian(() => warpFaceToTensor(frame169, alignmentTransform(face.landmarks), rec.embedder.input, 0), runs * 4);
  for (let i = 0; i < 8; i++) warpFaceToTensor(frame169, m, rec.embedder.input, i * rec.embedder.faceLength);
  const embedMs = await timeMedian(() => rec.embedder.embedStaged(1), runs);
  const embedBatch8Ms = await timeMedian(() => rec.embedder.embedStaged(8), Math.max(3, Math.ceil(runs / 2)));

  const gallery10k = randomGallery(10_000, 7);
  const matcher = createMatcher(gallery10k);
  const frameMs = await timeMedian(() => rec.recognize(frame169, { matcher, threshold: DEFAULT_MATCH_THRESHOLD }), runs);
  const last = await rec.recognize(frame169, { matcher, threshold: DEFAULT_MATCH_THRESHOLD });
  matcher.dispose();

  const sizes = values["no-1m"] ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  // A camera's frames: one person crossing a 1280x720 view at 20 frames/s, through the station
  // worker's handler, with and without the frame policy (lib/recognition/frame-policy.ts).
  const enrolled = (await rec.recognize(fitIntoFrame(await readImage(path.join(sharedDir(), "faces/obama/2.jpg")), 1280, 720))).faces[0]?.embedding;
  if (!enrolled) throw new Error("benchmark: no face in faces/obama/2.jpg");
  const seqGallery = randomGallery(10_000, 11);
  seqGallery.vectors.set(enrolled, 0);
  // A near face (about 220 px wide in the 1280x720 frame), where the small detector input applies.
  const walk = fitIntoFrame(await readImage(path.join(sharedDir(), "faces/obama/4.jpg")), 900, 900);
  const sequence = Array.from({ length: Math.max(20, runs * 3) }, (_, i) => placeInFrame(walk, 1280, 720, 40 + i * 12, 20));
  const seqFull = await benchCameraSequence(sequence, { gallery: seqGallery, threshold: DEFAULT_MATCH_THRESHOLD, framePolicy: false });
  const seqPolicy = await benchCameraSequence(sequence, { gallery: seqGallery, threshold: DEFAULT_MATCH_THRESHOLD, framePolicy: true });

  const matches = await benchMatching(sizes, { runs: 9, threshold: DEFAULT_MATCH_THRESHOLD });
  const matchMs = (n: number) => matches.find((x) => x.size === n)?.perProbeMs ?? null;
  await rec.dispose();

  const sorted = [...inferTimes].sort((a, b) => a - b);
  const result = {
    backend: rec.backend,
    threads: rec.numThreads,
    runs,
    loadMs,
    warmupMs,
    framesPerSecond: 0,
    detectMs,
    detectInferMs: sorted[sorted.length >> 1],
    detectInput: `${d169.input.width}x${d169.input.height}`,
    detect640Ms,
    alignMs,
    embedMs,
    embedBatch8Ms,
    embedBatch8PerFaceMs: embedBatch8Ms / 8,
    frameMs,
    frameStages: last.timings,
    cameraSequence: { everyFrame: seqFull, framePolicy: seqPolicy },
    match10kMs: matchMs(10_000),
    match100kMs: matchMs(100_000),
    match1MMs: matchMs(1_000_000),
    matcher: matches[0]?.kind,
    matchBuildMs: Object.fromEntries(matches.map((x) => [String(x.size), Math.round(x.buildMs)])),
    node: process.version,
  };

  result.framesPerSecond = 1000 / frameMs;
  const f = (v: number | null) => (v === null ? "-" : v.toFixed(2));
  log("");
  log(
    `  load (read + sha256 + ORT sessions) ${f(loadMs)} ms, warm-up ${f(warmupMs)} ms  beside  ${f(result.framesPerSecond)} frames/s (1 face, 10k watchlist)`,
  );
  log(`  detection 1280x720 -> ${result.detectInput} (letterbox+infer+decode)  ${f(detectMs)} ms  (inference ${f(result.detectInferMs)} ms)`);
  log(`  detection 720x720 -> 640x640                          ${f(detect640Ms)} ms`);
  log(`  alignment (similarity + warp to 112x112)              ${f(alignMs)} ms`);
  log(`  embedding batch 1                                     ${f(embedMs)} ms`);
  log(`  embedding batch 8                                     ${f(embedBatch8Ms)} ms  (${f(result.embedBatch8PerFaceMs)} ms/face)`);
  log(`  end-to-end frame, 1 face, 10k watchlist               ${f(frameMs)} ms   goal <= 50`);
  const seq = (x: typeof seqFull) =>
    `${f(x.msPerFrame)} ms/frame = ${x.framesPerSecond} frames/s (${x.framesEmbedded}/${x.frames} frames embedded, ${x.framesDetectedSmall} detected small, ${x.matchEvents} match event)`;
  log(`  camera sequence, 1 face walking, every frame in full   ${seq(seqFull)}`);
  log(`  camera sequence, same frames, frame policy            ${seq(seqPolicy)}   goal 20 frames/s`);
  for (const x of matches)
    log(`  match per face, ${String(x.size).padStart(7)} entries (${x.kind})      ${f(x.perProbeMs)} ms   (index build ${Math.round(x.buildMs)} ms)`);
  log(`  goal match1MMs <= 50`);
  if (values.json) console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
