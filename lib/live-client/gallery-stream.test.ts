import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeChunk, encodeChunkFrame, encodeStreamHeader, rootHash, type ChunkEntry, type GalleryStreamHeader } from "@/lib/deployments/snapshot-format";
import { readGalleryStream } from "./gallery-stream";
import { unpackGallery } from "@/lib/recognition/gallery";

const DIM = 128;
const sha = async (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());

function unit(seed: number): Float32Array {
  let x = seed * 2654435761;
  const v = new Float32Array(DIM);
  let n = 0;
  for (let k = 0; k < DIM; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    v[k] = (x / 2 ** 32) * 2 - 1;
    n += v[k] * v[k];
  }
  return v.map((a) => a / Math.sqrt(n));
}

function entries(n: number): ChunkEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    subjectReference: `WL-${i} ✓`,
    isTestSubject: i % 5 === 0,
    embeddings: i % 3 === 0 ? [unit(i), unit(i + 1e6)] : [unit(i)],
  }));
}

async function streamOf(all: ChunkEntry[], per: number, tamper?: (chunks: Uint8Array[], hashes: string[]) => void) {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += per) chunks.push(encodeChunk(all.slice(i, i + per), DIM));
  const hashes = chunks.map((c) => createHash("sha256").update(c).digest("hex"));
  const root = await rootHash(
    hashes.map((h) => Buffer.from(h, "hex")),
    sha,
  );
  tamper?.(chunks, hashes);
  const header: GalleryStreamHeader = {
    format: 2,
    deploymentId: "d",
    snapshotId: "s",
    contentHash: root,
    modelId: "m",
    modelVersion: "1",
    threshold: 0.5,
    dim: DIM,
    encoding: "int8",
    entryCount: all.length,
    rowCount: all.reduce((n, e) => n + e.embeddings.length, 0),
    chunkCount: chunks.length,
    byteSize: chunks.reduce((n, c) => n + c.length, 0),
    scope: null,
  };
  const bytes = Buffer.concat([encodeStreamHeader(header), ...chunks.flatMap((c, i) => encodeChunkFrame(c, hashes[i]))]);
  // Delivered in awkward pieces, as a network would.
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 777) pieces.push(new Uint8Array(bytes.subarray(at, at + 777)));
  return { pieces, root, bytes };
}

async function* from(pieces: Uint8Array[]) {
  for (const p of pieces) yield p;
}

describe("the binary gallery stream", () => {
  it("loads entries, references and int8 embeddings straight into the matcher's arrays, with progress", async () => {
    const all = entries(1000);
    const { pieces, root } = await streamOf(all, 300);
    const progress: number[] = [];
    const g = await readGalleryStream(from(pieces), { sha256: sha, expectedHash: root, onProgress: (p) => progress.push(p.chunks) });
    expect(progress).toEqual([0, 1, 2, 3, 4]);
    expect(g.entryCount).toBe(1000);
    expect(g.testEntryCount).toBe(200);
    expect(g.labels.get(all[7].id)).toBe("WL-7 ✓");
    const rows = all.flatMap((e) => e.embeddings.map((v) => ({ id: e.id, v })));
    // The packed form as it is: int8 rows and each row's entry UUID (no float copy).
    expect(g.payload).toMatchObject({ encoding: "int8", dim: DIM, rowCount: rows.length });
    expect(g.payload.rows).toBeInstanceOf(Int8Array);
    const unpacked = unpackGallery(g.payload);
    expect(unpacked.ids).toEqual(rows.map((r) => r.id));
    // int8 with a per-row scale: every dequantised row is within 0.001 cosine of the original.
    let worst = 1;
    rows.forEach((r, i) => {
      let dot = 0;
      for (let k = 0; k < DIM; k++) dot += r.v[k] * unpacked.vectors[i * DIM + k];
      worst = Math.min(worst, dot);
    });
    expect(worst).toBeGreaterThan(0.999);
  });

  it("refuses a chunk whose bytes do not match its hash", async () => {
    const { pieces } = await streamOf(entries(50), 20, (chunks) => {
      chunks[1][40] ^= 1;
    });
    await expect(readGalleryStream(from(pieces), { sha256: sha })).rejects.toThrow(/chunk 2 of 3 fails its SHA-256 check/);
  });

  it("refuses a stream whose chunk hashes do not add up to the recorded root", async () => {
    const { pieces } = await streamOf(entries(50), 20, (chunks, hashes) => {
      chunks[0][40] ^= 1;
      hashes[0] = createHash("sha256").update(chunks[0]).digest("hex");
    });
    await expect(readGalleryStream(from(pieces), { sha256: sha })).rejects.toThrow(/root hash .* is not the recorded/);
  });

  it("refuses a gallery that is not the snapshot in force, and a truncated stream", async () => {
    const { pieces, bytes } = await streamOf(entries(50), 20);
    await expect(readGalleryStream(from(pieces), { sha256: sha, expectedHash: "0".repeat(64) })).rejects.toThrow(/not the snapshot in force/);
    await expect(readGalleryStream(from([new Uint8Array(bytes.subarray(0, bytes.length - 10))]), { sha256: sha })).rejects.toThrow(/truncated/);
  });
});
