import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { resolveDatabaseUrl } from "@/lib/db/database-url";
import { db } from "@/lib/db/prisma";
import { freezeSnapshot } from "@/lib/deployments/freeze-snapshot";
import { decodeChunk, dequantiseInto, encodeChunk } from "@/lib/deployments/snapshot-format";
import { enrolFromFrame } from "@/lib/recognition/enrol";
import { EMBEDDING_DIM } from "@/lib/recognition/models";
import { readImage } from "@/lib/recognition/node/decode-image";
import { sharedDir } from "@/lib/recognition/node/load-models";
import type { FaceRecognizer } from "@/lib/recognition/pipeline";
import { readScopeGallery } from "@/lib/live/read-live-scope";
import { galleryStream } from "@/lib/live/serve-gallery";
import { createLiveDeployment } from "./live-fixtures";

/**
 * A watchlist at scale for `bench:scale` and its test: random unit vectors for the many, real faces
 * (LFW people with two or more photos: the first enrolled, another kept as the probe) for the few,
 * inserted in bulk (multi-row INSERT … SELECT FROM unnest(arrays), never row by row), then frozen
 * with the same freezeSnapshot authorisation uses, and served with the gallery route's own stream.
 */

export interface RealFace {
  reference: string;
  enrol: Float32Array;
  probePath: string;
  probe: Float32Array;
}

/** Embeds `count` LFW people (first photo enrolled, second the probe); people whose photos fail are skipped. */
export async function embedRealFaces(rec: FaceRecognizer, count: number, dir = path.join(sharedDir(), "lfw-dev")): Promise<RealFace[]> {
  const rows = readFileSync(path.join(dir, "labels.tsv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split("\t"));
  const byId = new Map<string, string[]>();
  for (const [rel, identity] of rows) byId.set(identity, [...(byId.get(identity) ?? []), rel]);
  const out: RealFace[] = [];
  for (const [identity, photos] of byId) {
    if (out.length >= count) break;
    if (photos.length < 2) continue;
    const embed = async (rel: string) => {
      const r = await enrolFromFrame(rec, await readImage(path.join(dir, rel)), { pick: "largest" });
      return r.ok ? r.embedding : null;
    };
    const enrol = await embed(photos[0]);
    const probe = enrol && (await embed(photos[1]));
    if (enrol && probe) out.push({ reference: `LFW-${identity}`.slice(0, 60), enrol, probePath: path.join(dir, photos[1]), probe });
  }
  return out;
}

/** A seeded generator of random unit vectors (Gaussian, normalised). */
export function randomUnitVectors(seed: number) {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  return (out: Float32Array) => {
    let n = 0;
    for (let k = 0; k < out.length; k += 2) {
      const r = Math.sqrt(-2 * Math.log(uniform()));
      const t = 2 * Math.PI * uniform();
      out[k] = r * Math.cos(t);
      if (k + 1 < out.length) out[k + 1] = r * Math.sin(t);
    }
    for (let k = 0; k < out.length; k++) n += out[k] * out[k];
    const inv = 1 / Math.sqrt(n);
    for (let k = 0; k < out.length; k++) out[k] *= inv;
    return out;
  };
}

export interface ScaleDeployment {
  deploymentId: string;
  watchlistId: string;
  /** The fixture's blue-list volunteer (no photo: add one to give the self-test a gallery). */
  testEntryId: string;
  commander: { id: string; email: string; name: string; role: "COMMANDER"; sid: string };
  /** Entry id of each real face, by reference. */
  realIds: Map<string, string>;
  entries: number;
  seedMs: number;
}

/**
 * A LIVE deployment whose watchlist holds `entries` reviewed entries with one embedding each:
 * `entries - realFaces.length` random unit vectors and the real faces (with the deployment's model).
 */
export async function seedScaleDeployment(
  entries: number,
  realFaces: readonly RealFace[],
  opts: { batch?: number; seed?: number; onProgress?: (done: number) => void } = {},
): Promise<ScaleDeployment> {
  const t0 = performance.now();
  const fx = await createLiveDeployment({ status: "LIVE" });
  // The fixture's two entries have no photos: they stay out of the snapshot, as unenrolled entries do.
  const { modelId, modelVersion } = fx.deployment;
  const pool = new pg.Pool({ connectionString: resolveDatabaseUrl(), max: 2 });
  const next = randomUnitVectors(opts.seed ?? 14);
  const batch = opts.batch ?? 20_000;
  const expiresAt = new Date(Date.now() + 30 * 86_400_000);
  const realIds = new Map<string, string>();
  const synthetic = Math.max(0, entries - realFaces.length);
  try {
    for (let done = 0; done < entries;) {
      const n = Math.min(batch, entries - done);
      const ids: string[] = [];
      const refs: string[] = [];
      // Embeddings as base64 text, decoded by Postgres (much faster to send than bytea[] parameters).
      const embs: string[] = [];
      for (let i = 0; i < n; i++) {
        const at = done + i;
        const id = crypto.randomUUID();
        ids.push(id);
        if (at < synthetic) {
          refs.push(`SYN-${String(at).padStart(8, "0")}`);
          const v = next(new Float32Array(EMBEDDING_DIM));
          embs.push(Buffer.from(v.buffer).toString("base64"));
        } else {
          const face = realFaces[at - synthetic];
          refs.push(face.reference);
          realIds.set(face.reference, id);
          embs.push(Buffer.from(new Float32Array(face.enrol).buffer).toString("base64"));
        }
      }
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO "WatchlistEntry" (id, "watchlistId", "subjectReference", "reasonCategory", "legalBasis", "imageSource", "addedById", "reviewedById", "reviewedAt", "expiresAt", "updatedAt")
           SELECT t.id, $2::uuid, t.ref, 'WANTED_BY_COURTS', 'Warrant (synthetic scale test)', 'synthetic', $3::uuid, $3::uuid, now(), $4, now()
           FROM unnest($1::uuid[], $5::text[]) AS t(id, ref)`,
          [ids, fx.watchlist.id, fx.commander.id, expiresAt, refs],
        );
        await client.query(
          `INSERT INTO "WatchlistImage" (id, "entryId", "faceJpeg", embedding, "embeddingModelId", "embeddingModelVersion", "embeddingDim", "detectorScore")
           SELECT gen_random_uuid(), t.e, ''::bytea, decode(t.emb, 'base64'), $3, $4, ${EMBEDDING_DIM}, 0.99
           FROM unnest($1::uuid[], $2::text[]) AS t(e, emb)`,
          [ids, embs, modelId, modelVersion],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      } finally {
        client.release();
      }
      done += n;
      opts.onProgress?.(done);
    }
    await pool.query(`ANALYZE "WatchlistEntry"; ANALYZE "WatchlistImage"`);
  } finally {
    await pool.end();
  }
  return {
    deploymentId: fx.deployment.id,
    watchlistId: fx.watchlist.id,
    testEntryId: fx.testEntry.id,
    commander: fx.commander as ScaleDeployment["commander"],
    realIds,
    entries,
    seedMs: performance.now() - t0,
  };
}

/** Freezes the deployment's snapshot as authorisation does (one transaction). */
export async function freezeScaleSnapshot(deploymentId: string) {
  const d = await db().deployment.findUniqueOrThrow({ where: { id: deploymentId } });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const snapshot = await db().$transaction((tx) => freezeSnapshot(tx, d, new Date()), { maxWait: 30_000, timeout: 3_600_000 });
  const cpu = process.cpuUsage(cpu0);
  // The server process's own CPU time (user + system): on a shared machine a steadier figure than wall time.
  return { snapshot, freezeMs: performance.now() - t0, freezeCpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The gallery route's answer for a live deployment (the same stream, without the session and access log). */
export async function scaleGalleryResponse(deploymentId: string): Promise<Response> {
  const found = await readScopeGallery(db(), deploymentId);
  if (!found?.snapshot?.info || found.scope.phase !== "live") throw new Error(`deployment ${deploymentId} is not live with a snapshot`);
  return galleryStream(db(), found.scope, found.snapshot);
}

/**
 * How far int8 packing moves real scores: every probe against every real enrolment, float32 exact
 * versus packed (quantised, dequantised, re-normalised). Also whether each probe's nearest real face
 * stays the same.
 */
export function packingError(faces: readonly RealFace[]) {
  const packed = new Float32Array(faces.length * EMBEDDING_DIM);
  const chunk = decodeChunk(
    encodeChunk(
      faces.map((f, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        subjectReference: "x",
        isTestSubject: false,
        embeddings: [f.enrol],
      })),
      EMBEDDING_DIM,
    ),
  );
  dequantiseInto(chunk, packed, 0);
  let maxAbs = 0;
  let sumAbs = 0;
  let pairs = 0;
  let top1Same = 0;
  for (const f of faces) {
    let bestExact = -1;
    let bestPacked = -1;
    let argExact = -1;
    let argPacked = -1;
    faces.forEach((g, j) => {
      let exact = 0;
      let approx = 0;
      for (let k = 0; k < EMBEDDING_DIM; k++) {
        exact += f.probe[k] * g.enrol[k];
        approx += f.probe[k] * packed[j * EMBEDDING_DIM + k];
      }
      const d = Math.abs(exact - approx);
      maxAbs = Math.max(maxAbs, d);
      sumAbs += d;
      pairs++;
      if (exact > bestExact) [bestExact, argExact] = [exact, j];
      if (approx > bestPacked) [bestPacked, argPacked] = [approx, j];
    });
    if (argExact === argPacked) top1Same++;
  }
  return { pairs, maxAbsScoreError: maxAbs, meanAbsScoreError: pairs ? sumAbs / pairs : 0, top1Agreement: faces.length ? top1Same / faces.length : 1 };
}
