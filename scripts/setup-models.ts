/**
 * Installs the face models into public/models/ (git-ignored), from the shared fixtures folder
 * when present (`$VIGIL_SHARED_DIR`, default ../shared next to the repo) else from the pinned
 * upstream URL in lib/recognition/models.ts. Every file is checked against the manifest's size
 * and SHA-256; a missing or corrupt model throws an error naming the file. Idempotent: a file
 * whose hash already matches is left alone.
 *
 *   tsx scripts/setup-models.ts          (also exported as setupModels() for scripts/setup.ts)
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MODELS, MODEL_IDS, type ModelId, type ModelSpec } from "../lib/recognition/models";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface SetupModelsOptions {
  /** Repository root (default: this script's parent folder). */
  root?: string;
  /** Shared fixtures folder (default `$VIGIL_SHARED_DIR` or `<root>/../shared`); models are looked up in `<dir>/models/` and `<dir>/`. */
  sharedDir?: string;
  /** Destination (default `<root>/public/models`). */
  outDir?: string;
  /** Set false to never download (offline CI). Default true. */
  allowDownload?: boolean;
  fetchImpl?: typeof fetch;
  log?: (line: string) => void;
}

export interface ModelSetupResult {
  id: ModelId;
  file: string;
  action: "present" | "copied" | "downloaded";
  source: string;
}

export class ModelSetupError extends Error {
  constructor(
    readonly fileName: string,
    message: string,
  ) {
    super(`${fileName}: ${message}`);
    this.name = "ModelSetupError";
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Null when the bytes are the model, else what is wrong. */
function check(spec: ModelSpec, bytes: Uint8Array): string | null {
  if (bytes.byteLength !== spec.bytes) return `expected ${spec.bytes} bytes, got ${bytes.byteLength}`;
  const h = sha256(bytes);
  return h === spec.sha256 ? null : `sha256 ${h} does not match the manifest (${spec.sha256})`;
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

export async function setupModels(opts: SetupModelsOptions = {}): Promise<ModelSetupResult[]> {
  const root = opts.root ?? REPO_ROOT;
  const shared = path.resolve(root, opts.sharedDir ?? process.env.VIGIL_SHARED_DIR ?? "../shared");
  const outDir = opts.outDir ?? path.join(root, "public/models");
  const log = opts.log ?? ((l: string) => console.log(l));
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch;
  await mkdir(outDir, { recursive: true });

  const results: ModelSetupResult[] = [];
  for (const id of MODEL_IDS) {
    const spec = MODELS[id];
    const dest = path.join(outDir, spec.fileName);

    if (existsSync(dest)) {
      const problem = check(spec, new Uint8Array(await readFile(dest)));
      if (!problem) {
        results.push({ id, file: dest, action: "present", source: dest });
        log(`  ok        ${spec.fileName} (already installed, sha256 verified)`);
        continue;
      }
      log(`  replacing ${spec.fileName}: ${problem}`);
    }

    const local = [path.join(shared, "models", spec.fileName), path.join(shared, spec.fileName)].find((p) => existsSync(p));
    if (local) {
      const bytes = new Uint8Array(await readFile(local));
      const problem = check(spec, bytes);
      if (problem) throw new ModelSetupError(spec.fileName, `the copy at ${local} is corrupt: ${problem}`);
      await writeAtomically(dest, bytes);
      results.push({ id, file: dest, action: "copied", source: local });
      log(`  copied    ${spec.fileName} from ${local}`);
      continue;
    }

    if (opts.allowDownload === false) {
      throw new ModelSetupError(spec.fileName, `not found in ${shared} (or ${shared}/models) and downloads are disabled`);
    }
    let bytes: Uint8Array;
    try {
      const res = await fetchImpl(spec.url, { redirect: "follow" });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new ModelSetupError(spec.fileName, `not found in ${shared} and the download from ${spec.url} failed: ${(e as Error).message}`);
    }
    const problem = check(spec, bytes);
    if (problem) throw new ModelSetupError(spec.fileName, `downloaded from ${spec.url} but ${problem}`);
    await writeAtomically(dest, bytes);
    results.push({ id, file: dest, action: "downloaded", source: spec.url });
    log(`  fetched   ${spec.fileName} from ${spec.url}`);
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  setupModels().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
