import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { readEntryImage } from "@/lib/watchlists/manage-watchlists";

export const GET = withRoute({ action: "watchlists.read", params: z.object({ entryId: z.string().uuid() }) }, async ({ params, user, requestId }) => {
  const bytes = await readEntryImage(params.entryId, user, requestId);
  return new Response(new Uint8Array(bytes), { headers: { "content-type": "image/jpeg", "cache-control": "private, no-store" } });
});
