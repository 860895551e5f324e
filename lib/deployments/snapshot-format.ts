/**
 * The packed binary form of a frozen watchlist snapshot (issue 14), shared by the server (freeze,
 * gallery route) and the station (loading the stream into the matcher). Plain TypeScript with no
 * Node or browser dependency: hashing is injected (node:crypto on the server, SubtleCrypto in the
 * browser).
 *
 * A chunk holds up to CHUNK_ENTRIES entries, little-endian:
 *
 *   0   "VGC1"                      magic
 *   4   u32 entryCount
 *   8   u32 rowCount                (gallery rows; the freeze packs one per entry: several photos fused)
 *   12  u16 dim, u8 encoding (1 = int8), u8 reserved
 *   16  f32 scale[rowCount]         row r is value[k] = int8[k] * scale[r]
 *   ..  i8  rows[rowCount * dim]
 *   ..  per entry: 16-byte id (UUID), u8 flags (bit 0: blue-list test subject), u16 rows,
 *       u8 reference length, the reference (UTF-8)
 *
 * An entry carries what a station needs and nothing more (the same as the JSON gallery before it:
 * id, reference, test flag and the embeddings). The snapshot's hash is the SHA-256 of the
 * concatenated 32-byte SHA-256 digests of its chunks in order (hashed incrementally at freeze).
 *
 * The stream a station downloads: "VGAL", u32 header length, the header (UTF-8 JSON: counts, dim,
 * encoding, chunk count, root hash, the scope), then per chunk: u32 length, its 32-byte SHA-256,
 * its bytes.
 */

export const CHUNK_MAGIC = "VGC1";
export const STREAM_MAGIC = "VGAL";
export const CHUNK_ENTRIES = 4096;
export const ENCODING_INT8 = 1;
export const GALLERY_MEDIA_TYPE = "application/vnd.vigil.gallery";

export interface ChunkEntry {
  id: string;
  subjectReference: string;
  isTestSubject: boolean;
  /** Unit-length embeddings (the format allows several; the freeze packs one: the fused photos). */
  embeddings: Float32Array[];
}

export interface DecodedChunkEntry {
  id: string;
  /** Where the entry's 16-byte UUID lies in the chunk's bytes. */
  idAt: number;
  subjectReference: string;
  isTestSubject: boolean;
  rows: number;
}

export interface DecodedChunk {
  dim: number;
  entries: DecodedChunkEntry[];
  rowCount: number;
  scales: Float32Array;
  rows: Int8Array;
}

export interface GalleryStreamHeader {
  format: 2;
  deploymentId: string;
  snapshotId: string;
  /** Root hash (hex): SHA-256 over the chunk digests. */
  contentHash: string;
  modelId: string;
  modelVersion: string;
  threshold: number;
  dim: number;
  encoding: "int8";
  entryCount: number;
  rowCount: number;
  chunkCount: number;
  byteSize: number;
  scope: unknown;
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** Value of a hex digit's char code, or -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Writes a UUID (with or without dashes) as 16 bytes; throws when it is not one. */
function uuidBytes(id: string, out: Uint8Array, at: number): void {
  let n = 0;
  let hi = -1;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c === 45 && (i === 8 || i === 13 || i === 18 || i === 23)) continue;
    const d = hexDigit(c);
    if (d < 0 || n >= 16) throw new Error(`entry id ${id} is not a UUID`);
    if (hi < 0) hi = d;
    else {
      out[at + n++] = (hi << 4) | d;
      hi = -1;
    }
  }
  if (n !== 16 || hi >= 0) throw new Error(`entry id ${id} is not a UUID`);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function uuidString(b: Uint8Array, at: number): string {
  let s = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
    s += HEX[b[at + i]];
  }
  return s;
}

export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

/** Quantises one row: int8 values and the row's scale (max |value| / 127). */
export function quantiseRow(v: ArrayLike<number>, dim: number, out: Int8Array, at: number): number {
  let m = 0;
  for (let k = 0; k < dim; k++) {
    const a = Math.abs(v[k]);
    if (a > m) m = a;
  }
  const scale = Math.fround(m / 127);
  if (scale === 0) return 0;
  for (let k = 0; k < dim; k++) {
    // Math.round(x) = floor(x + 0.5), branch-free by truncating a positive number (|x| <= 127 plus
    // a rounding hair, which the clamp absorbs).
    const q = ((v[k] / scale + 128.5) | 0) - 128;
    out[at + k] = q > 127 ? 127 : q < -127 ? -127 : q;
  }
  return scale;
}

/** Packs entries (at most CHUNK_ENTRIES) into one chunk. */
export function encodeChunk(entries: readonly ChunkEntry[], dim: number): Uint8Array {
  let rowCount = 0;
  const refs = entries.map((e) => {
    const r = utf8.encode(e.subjectReference);
    if (r.length > 255) throw new Error(`entry ${e.id}: reference longer than 255 bytes`);
    if (e.embeddings.length > 65535) throw new Error(`entry ${e.id}: too many embeddings`);
    rowCount += e.embeddings.length;
    return r;
  });
  const indexBytes = refs.reduce((n, r) => n + 16 + 1 + 2 + 1 + r.length, 0);
  const rowsAt = 16 + rowCount * 4;
  const indexAt = rowsAt + rowCount * dim;
  const out = new Uint8Array(indexAt + indexBytes);
  const view = new DataView(out.buffer);
  out.set(utf8.encode(CHUNK_MAGIC), 0);
  view.setUint32(4, entries.length, true);
  view.setUint32(8, rowCount, true);
  view.setUint16(12, dim, true);
  out[14] = ENCODING_INT8;
  const rows = new Int8Array(out.buffer, rowsAt, rowCount * dim);
  let r = 0;
  let at = indexAt;
  entries.forEach((e, i) => {
    for (const v of e.embeddings) {
      if (v.length !== dim) throw new Error(`entry ${e.id}: embedding has ${v.length} values, expected ${dim}`);
      view.setFloat32(16 + r * 4, quantiseRow(v, dim, rows, r * dim), true);
      r++;
    }
    uuidBytes(e.id, out, at);
    out[at + 16] = e.isTestSubject ? 1 : 0;
    view.setUint16(at + 17, e.embeddings.length, true);
    out[at + 19] = refs[i].length;
    out.set(refs[i], at + 20);
    at += 20 + refs[i].length;
  });
  return out;
}

/** Unpacks a chunk (views into `bytes`, no copy of the rows); throws on a malformed chunk. */
export function decodeChunk(bytes: Uint8Array): DecodedChunk {
  if (bytes.length < 16 || utf8d.decode(bytes.subarray(0, 4)) !== CHUNK_MAGIC) throw new Error("not a gallery chunk");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entryCount = view.getUint32(4, true);
  const rowCount = view.getUint32(8, true);
  const dim = view.getUint16(12, true);
  if (bytes[14] !== ENCODING_INT8) throw new Error(`unknown embedding encoding ${bytes[14]}`);
  const rowsAt = 16 + rowCount * 4;
  const indexAt = rowsAt + rowCount * dim;
  if (indexAt > bytes.length) throw new Error("gallery chunk is truncated");
  // Copy the scales out when unaligned (a chunk sliced from a stream may start anywhere).
  const scales =
    (bytes.byteOffset + 16) % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset + 16, rowCount) : new Float32Array(bytes.slice(16, rowsAt).buffer);
  const rows = new Int8Array(bytes.buffer, bytes.byteOffset + rowsAt, rowCount * dim);
  const entries: DecodedChunkEntry[] = new Array(entryCount);
  let at = indexAt;
  let total = 0;
  for (let i = 0; i < entryCount; i++) {
    if (at + 20 > bytes.length) throw new Error("gallery chunk index is truncated");
    const n = view.getUint16(at + 17, true);
    const len = bytes[at + 19];
    entries[i] = {
      id: uuidString(bytes, at),
      idAt: at,
      isTestSubject: (bytes[at + 16] & 1) === 1,
      rows: n,
      subjectReference: utf8d.decode(bytes.subarray(at + 20, at + 20 + len)),
    };
    total += n;
    at += 20 + len;
  }
  if (total !== rowCount || at !== bytes.length) throw new Error("gallery chunk index does not match its rows");
  return { dim, entries, rowCount, scales, rows };
}

/** Writes a decoded chunk's rows as float32 (dequantised, re-normalised to unit length) into `out` at row `row`. */
export function dequantiseInto(chunk: DecodedChunk, out: Float32Array, row: number): void {
  const { dim, rows, scales } = chunk;
  for (let r = 0; r < chunk.rowCount; r++) {
    const s = scales[r];
    const src = r * dim;
    const dst = (row + r) * dim;
    let n2 = 0;
    for (let k = 0; k < dim; k++) {
      const x = rows[src + k] * s;
      out[dst + k] = x;
      n2 += x * x;
    }
    if (n2 > 0) {
      const inv = 1 / Math.sqrt(n2);
      for (let k = 0; k < dim; k++) out[dst + k] *= inv;
    }
  }
}

/** The root hash over chunk digests (each 32 bytes), with the injected SHA-256. */
export async function rootHash(chunkDigests: readonly Uint8Array[], sha256: (b: Uint8Array) => Uint8Array | Promise<Uint8Array>): Promise<string> {
  const all = new Uint8Array(chunkDigests.length * 32);
  chunkDigests.forEach((d, i) => all.set(d, i * 32));
  return toHex(await sha256(all));
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The stream's preamble: magic, header length, header JSON. */
export function encodeStreamHeader(header: GalleryStreamHeader): Uint8Array {
  const json = utf8.encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length);
  out.set(utf8.encode(STREAM_MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  return out;
}

/** One chunk's frame in the stream: length, digest, bytes. */
export function encodeChunkFrame(bytes: Uint8Array, sha256Hex: string): Uint8Array[] {
  const head = new Uint8Array(36);
  new DataView(head.buffer).setUint32(0, bytes.length, true);
  head.set(fromHex(sha256Hex), 4);
  return [head, bytes];
}
