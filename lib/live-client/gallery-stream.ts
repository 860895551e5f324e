/**
 * Reads the binary gallery stream (lib/deployments/snapshot-format.ts) straight into the matcher's
 * packed form: the chunks' int8 rows and the entries' 16-byte ids, as they are (no JSON of entries,
 * no float copy: the worker's int8 matcher takes them unchanged). Every chunk's SHA-256 is checked against the one
 * the stream names, the root over those digests against the header's hash and against the hash the
 * station expects (the scope in force); any mismatch throws, so a tampered or truncated gallery is
 * refused, never loaded. Plain code with injected hashing: it runs the same in the browser and in Node.
 */
import { STREAM_MAGIC, decodeChunk, rootHash, toHex, type GalleryStreamHeader } from "@/lib/deployments/snapshot-format";
import type { PackedGalleryPayload } from "@/lib/recognition/worker/protocol";

export interface GalleryLoadProgress {
  chunks: number;
  chunkCount: number;
  bytes: number;
  /** Bytes the whole stream will have (header's byteSize plus framing); 0 when unknown. */
  totalBytes: number;
  entries: number;
  entryCount: number;
}

export interface LoadedGallery {
  header: GalleryStreamHeader;
  payload: PackedGalleryPayload;
  /** Entry id → subject reference (for the station's labels). */
  labels: Map<string, string>;
  entryCount: number;
  testEntryCount: number;
  bytes: number;
}

export type Sha256 = (b: Uint8Array) => Promise<Uint8Array>;

/** SHA-256 with the Web Crypto API (browsers, workers and Node 20+). */
export const webSha256: Sha256 = async (b) => new Uint8Array(await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>));

export class GalleryIntegrityError extends Error {}

/** Pulls exact byte counts out of a stream of arbitrary pieces. */
class ByteReader {
  private pieces: Uint8Array[] = [];
  private have = 0;
  private done = false;
  bytes = 0;
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  async read(n: number): Promise<Uint8Array | null> {
    while (this.have < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else if (next.value.length) {
        this.pieces.push(next.value);
        this.have += next.value.length;
        this.bytes += next.value.length;
      }
    }
    if (this.have < n) {
      if (this.have === 0 && n > 0) return null;
      throw new GalleryIntegrityError("The gallery stream ended early (truncated).");
    }
    let out: Uint8Array;
    if (this.pieces[0].length >= n) {
      out = this.pieces[0].subarray(0, n);
      this.pieces[0] = this.pieces[0].subarray(n);
      if (this.pieces[0].length === 0) this.pieces.shift();
    } else {
      out = new Uint8Array(n);
      let at = 0;
      while (at < n) {
        const p = this.pieces[0];
        const take = Math.min(p.length, n - at);
        out.set(p.subarray(0, take), at);
        at += take;
        if (take === p.length) this.pieces.shift();
        else this.pieces[0] = p.subarray(take);
      }
    }
    this.have -= n;
    return out;
  }
}

function iteratorOf(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncIterator<Uint8Array> {
  if (Symbol.asyncIterator in body) return (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  return {
    next: async () => {
      const r = await reader.read();
      return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
    },
  } as AsyncIterator<Uint8Array>;
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Loads a gallery stream. `expectedHash`: the hash the station was told is in force (refused when the
 * stream's root differs). Progress is reported after the header and after every chunk.
 */
export async function readGalleryStream(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  opts: { sha256?: Sha256; expectedHash?: string | null; onProgress?: (p: GalleryLoadProgress) => void } = {},
): Promise<LoadedGallery> {
  const sha256 = opts.sha256 ?? webSha256;
  const r = new ByteReader(iteratorOf(body));
  const pre = await r.read(8);
  if (!pre || new TextDecoder().decode(pre.subarray(0, 4)) !== STREAM_MAGIC) throw new GalleryIntegrityError("Not a gallery stream.");
  const headerLength = new DataView(pre.buffer, pre.byteOffset, 8).getUint32(4, true);
  if (headerLength > 1 << 20) throw new GalleryIntegrityError("The gallery stream's header is too large.");
  const header = JSON.parse(new TextDecoder().decode((await r.read(headerLength))!)) as GalleryStreamHeader;
  if (header.format !== 2 || header.encoding !== "int8" || !(header.dim > 0)) throw new GalleryIntegrityError("Unknown gallery format.");
  if (opts.expectedHash && header.contentHash !== opts.expectedHash) {
    throw new GalleryIntegrityError(`The gallery served (${header.contentHash.slice(0, 8)}) is not the snapshot in force (${opts.expectedHash.slice(0, 8)}).`);
  }
  const dim = header.dim;
  if (!Number.isInteger(header.rowCount) || header.rowCount < 0 || header.rowCount * dim > 2 ** 32)
    throw new GalleryIntegrityError("The gallery stream's header names an impossible number of faces.");
  const rows = new Int8Array(header.rowCount * dim);
  const rowIds = new Uint8Array(header.rowCount * 16);
  const labels = new Map<string, string>();
  const digests: Uint8Array[] = [];
  const totalBytes = 8 + headerLength + header.byteSize + header.chunkCount * 36;
  let row = 0;
  let entries = 0;
  let testEntryCount = 0;
  const progress = () =>
    opts.onProgress?.({ chunks: digests.length, chunkCount: header.chunkCount, bytes: r.bytes, totalBytes, entries, entryCount: header.entryCount });
  progress();
  for (let c = 0; c < header.chunkCount; c++) {
    const frame = await r.read(36);
    if (!frame) throw new GalleryIntegrityError(`The gallery stream ended after ${c} of ${header.chunkCount} chunks.`);
    const length = new DataView(frame.buffer, frame.byteOffset, 4).getUint32(0, true);
    const named = frame.slice(4, 36);
    const bytes = (await r.read(length))!;
    const digest = await sha256(bytes);
    if (!equalBytes(digest, named))
      throw new GalleryIntegrityError(
        `Gallery chunk ${c + 1} of ${header.chunkCount} fails its SHA-256 check (${toHex(digest).slice(0, 8)} ≠ ${toHex(named).slice(0, 8)}).`,
      );
    digests.push(digest);
    const chunk = decodeChunk(bytes);
    if (chunk.dim !== dim) throw new GalleryIntegrityError(`Gallery chunk ${c + 1} has dimension ${chunk.dim}, expected ${dim}.`);
    if (row + chunk.rowCount > header.rowCount) throw new GalleryIntegrityError("The gallery stream holds more faces than its header says.");
    rows.set(chunk.rows, row * dim);
    for (const e of chunk.entries) {
      const id = bytes.subarray(e.idAt, e.idAt + 16);
      for (let k = 0; k < e.rows; k++) rowIds.set(id, 16 * row++);
      labels.set(e.id, e.subjectReference);
      if (e.isTestSubject) testEntryCount++;
    }
    entries += chunk.entries.length;
    progress();
  }
  if (await r.read(1)) throw new GalleryIntegrityError("The gallery stream has bytes after its last chunk.");
  if (row !== header.rowCount || entries !== header.entryCount)
    throw new GalleryIntegrityError(`The gallery stream holds ${entries} entries / ${row} faces; its header says ${header.entryCount} / ${header.rowCount}.`);
  const root = await rootHash(digests, sha256);
  if (root !== header.contentHash)
    throw new GalleryIntegrityError(`The gallery's root hash ${root.slice(0, 8)} is not the recorded ${header.contentHash.slice(0, 8)}.`);
  return { header, payload: { encoding: "int8", dim, rowCount: row, rows, rowIds }, labels, entryCount: entries, testEntryCount, bytes: r.bytes };
}
