import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { readEntryImage } from "@/lib/watchlists/read-entry-image";

/** The enrolled face of an entry (`?imageId=` for another than the first). Every view is access-logged. */
export const GET = withRoute(
  { action: "watchlists.read", params: z.object({ entryId: z.string().uuid() }), query: z.object({ imageId: z.string().uuid().optional() }) },
  async ({ params, query, user, requestId }) => {
    const bytes = await readEntryImage(params.entryId, query.imageId, user, requestId);
    return new Response(new Uint8Array(bytes), { headers: { "content-type": "image/jpeg", "cache-control": "private, no-store" } });
  },
);
