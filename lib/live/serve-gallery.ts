import "server-only";
import type { Db, Tx } from "@/lib/db/prisma";
import { readSnapshotChunks, readSnapshotEntries } from "@/lib/deployments/read-snapshot-chunks";
import { encodeChunkFrame, encodeStreamHeader, GALLERY_MEDIA_TYPE, type GalleryStreamHeader } from "@/lib/deployments/snapshot-format";
import { ApiError } from "@/lib/http/api-error";
import type { GalleryResponse, LiveScope } from "./live-schemas";
import type { ScopeGallery } from "./read-live-scope";

/** Above this many entries the JSON gallery is refused (406): ask for the binary stream. */
export const JSON_GALLERY_MAX_ENTRIES = 20_000;

export function wantsBinaryGallery(accept: string | null): boolean {
  return !!accept && accept.split(",").some((a) => a.trim().split(";")[0] === GALLERY_MEDIA_TYPE);
}

type ServedSnapshot = NonNullable<ScopeGallery["snapshot"]>;

/** The binary gallery: the header, then every chunk of the part in force (read a few at a time). */
export function galleryStream(client: Tx | Db, scope: LiveScope, snapshot: ServedSnapshot): Response {
  const info = snapshot.info!;
  const header: GalleryStreamHeader = {
    format: 2,
    deploymentId: scope.deploymentId,
    snapshotId: snapshot.id,
    contentHash: info.hash,
    modelId: snapshot.modelId,
    modelVersion: snapshot.modelVersion,
    threshold: scope.threshold,
    dim: info.dim,
    encoding: "int8",
    entryCount: info.entryCount,
    rowCount: info.rowCount,
    chunkCount: info.chunks.length,
    byteSize: info.byteSize,
    scope,
  };
  const pre = encodeStreamHeader(header);
  const chunks = readSnapshotChunks(client, snapshot.id, snapshot.part, info);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(pre);
    },
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) return controller.close();
        for (const piece of encodeChunkFrame(next.value.bytes, next.value.sha256)) controller.enqueue(piece);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": GALLERY_MEDIA_TYPE,
      "content-length": String(pre.length + info.chunks.length * 36 + info.byteSize),
      "cache-control": "no-store",
      "x-gallery-hash": info.hash,
    },
  });
}

/** The JSON gallery (small scopes: scripts, tests, older stations): entries with base64 float32 embeddings. */
export async function galleryJson(client: Tx | Db, scope: LiveScope, snapshot: ServedSnapshot): Promise<GalleryResponse> {
  if (snapshot.info!.entryCount > JSON_GALLERY_MAX_ENTRIES) {
    throw new ApiError(
      406,
      "not_acceptable",
      `This gallery holds ${snapshot.info!.entryCount} entries; ask for the binary stream (Accept: ${GALLERY_MEDIA_TYPE}).`,
    );
  }
  const { dim, entries } = await readSnapshotEntries(client, snapshot.row, snapshot.part);
  return {
    deploymentId: scope.deploymentId,
    snapshotId: snapshot.id,
    contentHash: snapshot.contentHash,
    modelId: snapshot.modelId,
    modelVersion: snapshot.modelVersion,
    threshold: scope.threshold,
    dim,
    scope,
    entries: entries.map((e) => ({
      id: e.id,
      subjectReference: e.subjectReference,
      isTestSubject: e.isTestSubject,
      embeddings: e.embeddings.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")),
    })),
  };
}
