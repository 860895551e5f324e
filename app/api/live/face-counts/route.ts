import { assertDeploymentAccess } from "@/lib/deployments/assert-deployment-access";
import { withRoute } from "@/lib/http/with-route";
import { faceCountsSchema, recordFaceCounts } from "@/lib/live/record-face-counts";
import { metrics } from "@/lib/observability/metrics";

export const POST = withRoute({ action: "alerts.post", body: faceCountsSchema }, async ({ body, user, requestId }) => {
  await assertDeploymentAccess(user, body.deploymentId, { requestId });
  const result = await recordFaceCounts(body);
  // What the station says of itself: frames per second and recognition back end, for /metrics.
  const m = metrics();
  m.stationFaces.inc(body.counts.reduce((n, c) => n + c.faces, 0));
  if (body.station) {
    m.stationFps.set({ camera: body.cameraId }, body.station.fps);
    for (const backend of ["wasm", "webgpu", "webgl", "cpu"] as const)
      m.stationBackend.set({ camera: body.cameraId, backend }, backend === body.station.backend ? 1 : 0);
  }
  return result;
});
