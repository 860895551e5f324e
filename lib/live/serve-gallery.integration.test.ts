import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { GALLERY_MEDIA_TYPE } from "@/lib/deployments/snapshot-format";
import { readGalleryStream } from "@/lib/live-client/gallery-stream";
import { EMBEDDING_DIM } from "@/lib/recognition/models";
import { createTestUser } from "@/lib/testing/fixtures";
import { freezeScaleSnapshot, randomUnitVectors, seedScaleDeployment, type ScaleDeployment } from "@/lib/testing/scale-gallery";
import { readLiveScope } from "./read-live-scope";
import { unpackGallery } from "@/lib/recognition/gallery";

// The gallery route on a real Postgres: the binary stream of the scope in force (blue list during
// the self-test, the whole snapshot live, 409 when stopped), verified by the station's own reader.
let signedIn: CurrentUser | null = null;
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => signedIn }));
const galleryRoute = await import("@/app/api/live/deployments/[id]/gallery/route");

const sha256 = async (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());
const ENTRIES = 5000;
let seeded: ScaleDeployment;
let blueVector: Float32Array;
let twoPhotos: string[] = [];
let twoPhotosInFirstChunk = 0;

async function get(accept?: string) {
  const id = seeded.deploymentId;
  const request = new NextRequest(new URL(`/api/live/deployments/${id}/gallery`, "http://localhost:3000"), {
    headers: { host: "localhost:3000", ...(accept ? { accept } : {}) },
  });
  return galleryRoute.GET(request, { params: Promise.resolve({ id }) });
}

beforeAll(async () => {
  seeded = await seedScaleDeployment(ENTRIES, []);
  blueVector = randomUnitVectors(7)(new Float32Array(EMBEDDING_DIM));
  const d = await db().deployment.findUniqueOrThrow({ where: { id: seeded.deploymentId } });
  await db().watchlistImage.create({
    data: {
      entryId: seeded.testEntryId,
      faceJpeg: Buffer.alloc(0),
      embedding: new Uint8Array(blueVector.buffer as ArrayBuffer),
      embeddingModelId: d.modelId,
      embeddingModelVersion: d.modelVersion,
      embeddingDim: EMBEDDING_DIM,
      detectorScore: 0.9,
    },
  });
  // A second photo for entries either side of the first chunk boundary (in id order) and one
  // inside it: an entry's faces stay together, in one chunk, in enrolment order.
  const frozen = await db().watchlistEntry.findMany({
    where: { watchlistId: seeded.watchlistId, images: { some: {} } },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  const positions = [9, 4094, 4095, 4096].map((p) => (frozen[p].id === seeded.testEntryId ? p - 2 : p));
  twoPhotos = positions.map((p) => frozen[p].id);
  twoPhotosInFirstChunk = positions.filter((p) => p < 4096).length;
  for (const [i, entryId] of twoPhotos.entries()) {
    await db().watchlistImage.create({
      data: {
        entryId,
        faceJpeg: Buffer.alloc(0),
        embedding: new Uint8Array(randomUnitVectors(100 + i)(new Float32Array(EMBEDDING_DIM)).buffer as ArrayBuffer),
        embeddingModelId: d.modelId,
        embeddingModelVersion: d.modelVersion,
        embeddingDim: EMBEDDING_DIM,
        detectorScore: 0.9,
        createdAt: new Date(Date.now() + 60_000),
      },
    });
  }
  await db().deployment.update({ where: { id: seeded.deploymentId }, data: { status: "AUTHORISED" } });
  await freezeScaleSnapshot(seeded.deploymentId);
  const operator = await createTestUser("OPERATOR");
  await db().deploymentMember.create({ data: { deploymentId: seeded.deploymentId, userId: operator.id, addedById: seeded.commander.id } });
  signedIn = operator;
}, 120_000);

describe("the station gallery as a binary stream", () => {
  it("during the self-test streams only the blue-list volunteer, under the blue list's recorded root", async () => {
    const res = await get(GALLERY_MEDIA_TYPE);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(GALLERY_MEDIA_TYPE);
    const scope = await readLiveScope(db(), seeded.deploymentId);
    const g = await readGalleryStream(res.body!, { sha256, expectedHash: scope!.gallery.hash });
    expect(g.header.scope).toMatchObject({ phase: "self-test", gallery: { kind: "blue-list", size: 1 } });
    const unpacked = unpackGallery(g.payload);
    expect(unpacked.ids).toEqual([seeded.testEntryId]);
    let dot = 0;
    for (let k = 0; k < EMBEDDING_DIM; k++) dot += unpacked.vectors[k] * blueVector[k];
    expect(dot).toBeGreaterThan(0.999);
    const snap = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: seeded.deploymentId, destroyedAt: null } });
    expect(g.header.contentHash).toBe(snap.blueListHash);
    expect(g.header.contentHash).not.toBe(snap.contentHash);
    const logged = await db().auditEvent.findFirst({ where: { action: "access.read_gallery", targetId: snap.id }, orderBy: { id: "desc" } });
    expect(logged?.details).toMatchObject({ kind: "blue-list", entries: 1, format: "binary" });
  });

  it("live, streams every entry in chunks whose hashes add up to the snapshot's recorded hash; JSON still answers small scopes", async () => {
    await db().deployment.update({ where: { id: seeded.deploymentId }, data: { status: "LIVE" } });
    const snap = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: seeded.deploymentId, destroyedAt: null } });
    expect(snap).toMatchObject({ format: 2, entryCount: ENTRIES + 1, chunkCount: 2, payload: null });
    const res = await get(`${GALLERY_MEDIA_TYPE}, application/json;q=0.5`);
    const progress: number[] = [];
    const g = await readGalleryStream(res.body!, { sha256, expectedHash: snap.contentHash, onProgress: (p) => progress.push(p.entries) });
    expect(progress).toEqual([0, 4096, ENTRIES + 1]);
    expect(g.entryCount).toBe(ENTRIES + 1);
    expect(g.testEntryCount).toBe(1);
    expect(g.header.scope).toMatchObject({ phase: "live", gallery: { kind: "full", size: ENTRIES + 1, hash: snap.contentHash } });
    const ids = unpackGallery(g.payload).ids;
    expect(new Set(ids).size).toBe(ENTRIES + 1);
    // Four entries have two photos (two of them on either side of the first chunk boundary in the
    // sorted face rows): each is ONE fused row (fuse-enrolment.ts), never split across chunks.
    expect(snap.rowCount).toBe(ENTRIES + 1);
    expect(ids).toHaveLength(ENTRIES + 1);
    for (const id of twoPhotos) expect(ids.indexOf(id)).toBe(ids.lastIndexOf(id));
    expect([...ids].sort()).toEqual(ids);
    const chunks = await db().watchlistSnapshotChunk.findMany({ where: { snapshotId: snap.id, part: "full" }, orderBy: { index: "asc" } });
    expect(chunks.map((c) => [c.entryCount, c.rowCount])).toEqual([
      [4096, 4096],
      [ENTRIES + 1 - 4096, ENTRIES + 1 - 4096],
    ]);
    expect(twoPhotosInFirstChunk).toBeGreaterThan(0);
    expect(twoPhotosInFirstChunk).toBeLessThan(twoPhotos.length);
    const json = await get();
    expect(json.status).toBe(200);
    const body = (await json.json()) as { contentHash: string; entries: { id: string }[] };
    expect(body.contentHash).toBe(snap.contentHash);
    expect(body.entries).toHaveLength(ENTRIES + 1);
  });

  it("a chunk altered in the database is refused by the station, not loaded", async () => {
    const snap = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: seeded.deploymentId, destroyedAt: null } });
    const chunk = await db().watchlistSnapshotChunk.findFirstOrThrow({ where: { snapshotId: snap.id, part: "full", index: 1 } });
    const altered = Buffer.from(chunk.bytes);
    altered[100] ^= 0x40;
    await db().watchlistSnapshotChunk.update({
      where: { snapshotId_part_index: { snapshotId: snap.id, part: "full", index: 1 } },
      data: { bytes: new Uint8Array(altered) },
    });
    try {
      await expect(readGalleryStream((await get(GALLERY_MEDIA_TYPE)).body!, { sha256 })).rejects.toThrow(/chunk 2 of 2 fails its SHA-256 check/);
      // Its stored hash rewritten to match: the root over the chunk hashes no longer does.
      await db().watchlistSnapshotChunk.update({
        where: { snapshotId_part_index: { snapshotId: snap.id, part: "full", index: 1 } },
        data: { sha256: createHash("sha256").update(altered).digest("hex") },
      });
      await expect(readGalleryStream((await get(GALLERY_MEDIA_TYPE)).body!, { sha256 })).rejects.toThrow(/root hash .* is not the recorded/);
    } finally {
      await db().watchlistSnapshotChunk.update({
        where: { snapshotId_part_index: { snapshotId: snap.id, part: "full", index: 1 } },
        data: { bytes: chunk.bytes, sha256: chunk.sha256 },
      });
    }
  });

  it("answers 409 once the deployment is stopped, in either format", async () => {
    await db().deployment.update({ where: { id: seeded.deploymentId }, data: { status: "CLOSED", closedAt: new Date() } });
    expect((await get(GALLERY_MEDIA_TYPE)).status).toBe(409);
    expect((await get()).status).toBe(409);
  });
});
