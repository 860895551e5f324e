import { listAlertsQuery, matchEventSchema, MAX_PROBE_JPEG_BYTES } from "@/lib/alerts/alert-schemas";
import { ingestAlert } from "@/lib/alerts/ingest-alert";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ action: "alerts.read", query: listAlertsQuery }, async ({ query }) => listAlerts(query));

export const POST = withRoute(
  { action: "alerts.post", body: matchEventSchema, maxBodyBytes: MAX_PROBE_JPEG_BYTES * 2 },
  async ({ body, user, requestId }) => ingestAlert(body, user, requestId),
);
