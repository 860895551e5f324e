import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { FaceRecognizer } from "../pipeline";
import { FaceCache, type FrameVariant, type ImageRecord } from "./face-cache";

const IMAGE_EXT = /\.(jpe?g|png)$/i;

/**
 * The extra frames of an unknown person's "walk-past" made from one still: a small shift and
 * zoom (the still itself is the first frame). One variant keeps a cold run within minutes here.
 */
export const WALK_PAST_VARIANTS: readonly FrameVariant[] = [{ dx: 6, dy: 3, scale: 1.06 }];

export interface DatasetImage {
  /** Path relative to the dataset folder, with "/" separators (as in labels.tsv). */
  rel: string;
  /** Folder (identity, `_unknown`, `_group`, or e.g. `images`). */
  folder: string;
  file: string;
}

/** Leading number of a file name, so 2.jpg sorts before 10.jpg; LFW's _0001 names sort as text. */
const num = (f: string) => {
  const m = /^(\d+)/.exec(f);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
};

/** Every image one folder deep, folders and files in a stable order. */
export function listDataset(root: string): DatasetImage[] {
  const out: DatasetImage[] = [];
  const folders = readdirSync(root)
    .filter((d) => statSync(path.join(root, d)).isDirectory())
    .sort();
  for (const folder of folders) {
    const files = readdirSync(path.join(root, folder))
      .filter((f) => IMAGE_EXT.test(f))
      .sort((a, b) => num(a) - num(b) || a.localeCompare(b));
    for (const file of files) out.push({ rel: `${folder}/${file}`, folder, file });
  }
  return out;
}

export interface ExtractionJob {
  rel: string;
  variant?: FrameVariant;
}

/** Runs every job through the cache (shard k of n: every n-th job); reports progress on stderr. */
export async function extractJobs(
  recognizer: FaceRecognizer,
  cache: FaceCache,
  root: string,
  jobs: readonly ExtractionJob[],
  shard = { index: 0, count: 1 },
  log: (s: string) => void = (s) => process.stderr.write(s),
  cachedOnly = false,
): Promise<Map<string, ImageRecord>> {
  const out = new Map<string, ImageRecord>();
  const t0 = performance.now();
  let done = 0;
  const mine = jobs.filter((_, i) => i % shard.count === shard.index);
  for (const job of mine) {
    // Only unknown photos need their second face (a bystander is a non-mated search too); a
    // labelled person's photo is searched with its largest face.
    const maxFaces = job.rel.startsWith("_unknown/") ? undefined : 1;
    if (cachedOnly) {
      const r = await cache.peek(path.join(root, job.rel), job.variant);
      if (r) out.set(jobKey(job), r);
    } else out.set(jobKey(job), await cache.get(recognizer, path.join(root, job.rel), job.variant, maxFaces));
    done++;
    if (done % 250 === 0 || done === mine.length) {
      const s = (performance.now() - t0) / 1000;
      log(`  [extract ${shard.index + 1}/${shard.count}] ${done}/${mine.length} images, ${cache.misses} computed, ${s.toFixed(0)} s\n`);
    }
  }
  return out;
}

export const jobKey = (j: ExtractionJob) => (j.variant ? `${j.rel}|${j.variant.dx},${j.variant.dy},${j.variant.scale}` : j.rel);

/**
 * Spawns `count - 1` helper processes that fill the cache for shards 1..count-1 (this process
 * does shard 0), and waits for them. Each runs this same script with `--extract-shard k/count`.
 */
export function spawnShardHelpers(count: number, argv: readonly string[]): Promise<void>[] {
  const helpers: Promise<void>[] = [];
  for (let k = 1; k < count; k++) {
    helpers.push(
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...process.execArgv, ...argv, "--extract-shard", `${k}/${count}`], { stdio: ["ignore", "ignore", "inherit"] });
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`extraction helper ${k} exited with ${code}`))));
        child.on("error", reject);
      }),
    );
  }
  return helpers;
}
