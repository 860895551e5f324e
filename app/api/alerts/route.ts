import { listAlertsQuery, matchEventSchema, MAX_PROBE_JPEG_BYTES } from "@/lib/alerts/alert-schemas";
import { assertPlausibleCapturedAt } from "@/lib/alerts/assert-plausible-captured-at";
import { assertProbeJpeg } from "@/lib/alerts/assert-probe-jpeg";
import { ingestAlert } from "@/lib/alerts/ingest-alert";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { accessibleDeploymentIds, assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { metrics } from "@/lib/observability/metrics";

export const GET = withRoute({ action: "alerts.read", query: listAlertsQuery }, async ({ query, user, requestId }) => {
  if (query.deploymentId) await assertDeploymentAccess(user, query.deploymentId, { requestId });
  return listAlerts(query, await accessibleDeploymentIds(user));
});

export const POST = withRoute({ action: "alerts.post", body: matchEventSchema, maxBodyBytes: MAX_PROBE_JPEG_BYTES * 2 }, async ({ body, user, requestId }) => {
  await assertDeploymentAccess(user, body.deploymentId, { requestId });
  assertPlausibleCapturedAt(body.capturedAt, "capturedAt");
  assertProbeJpeg(body.probeJpeg);
  const result = await ingestAlert(body, user, requestId);
  metrics().alertsIngested.inc({ result: result.duplicate ? "duplicate" : result.merged ? "merged" : "created" });
  return result;
});
