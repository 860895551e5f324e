import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { toWire } from "@/lib/http/wire";
import { bulkEnrolRequestSchema, MAX_BULK_BODY_BYTES, type TBulkEnrolResponse } from "@/lib/watchlists/bulk-enrol-schemas";
import { enrolBulk } from "@/lib/watchlists/enrol-bulk";

export const POST = withRoute(
  { action: "watchlists.write", params: z.object({ id: z.string().uuid() }), body: bulkEnrolRequestSchema, maxBodyBytes: MAX_BULK_BODY_BYTES },
  async ({ params, body, user, requestId }) => toWire(await enrolBulk(params.id, body, user, requestId)) satisfies TBulkEnrolResponse,
);
