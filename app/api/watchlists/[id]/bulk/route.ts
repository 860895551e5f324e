import { z } from "zod";
import { withRoute } from "@/lib/http/with-route";
import { bulkEnrolRequestSchema, bulkEnrolResponseSchema, MAX_BULK_BODY_BYTES } from "@/lib/watchlists/bulk-enrol-schemas";
import { enrolBulk } from "@/lib/watchlists/enrol-bulk";

export const POST = withRoute(
  { action: "watchlists.write", params: z.object({ id: z.string().uuid() }), body: bulkEnrolRequestSchema, maxBodyBytes: MAX_BULK_BODY_BYTES },
  async ({ params, body, user, requestId }) => bulkEnrolResponseSchema.parse(await enrolBulk(params.id, body, user, requestId)),
);
