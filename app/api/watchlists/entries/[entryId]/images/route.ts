import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { addEntryImage } from "@/lib/watchlists/add-entry-image";
import { toWire } from "@/lib/http/wire";
import { addImageSchema, MAX_FACE_JPEG_BYTES, type EntryImageResponse } from "@/lib/watchlists/watchlist-schemas";

export const POST = withRoute(
  { action: "watchlists.write", params: z.object({ entryId: z.string().uuid() }), body: addImageSchema, maxBodyBytes: MAX_FACE_JPEG_BYTES * 2 },
  async ({ params, body, user, requestId }) =>
    toWire(
      await addEntryImage(
        params.entryId,
        {
          embedding: Buffer.from(body.embedding, "base64"),
          modelId: body.modelId,
          modelVersion: body.modelVersion,
          detectorScore: body.detectorScore,
          faceJpeg: Buffer.from(body.faceJpeg, "base64"),
        },
        user,
        requestId,
      ),
    ) satisfies EntryImageResponse,
);
