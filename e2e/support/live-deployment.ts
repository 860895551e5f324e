import { expect, type APIRequestContext } from "@playwright/test";
import { apiAs } from "./api";
import jpeg from "jpeg-js";

/** A real 8x8 JPEG (decoded in full by the server) for a self-test event posted by hand. */
export const TINY_JPEG_B64 = Buffer.from(jpeg.encode({ data: Buffer.alloc(8 * 8 * 4, 128), width: 8, height: 8 }, 50).data).toString("base64");

/** Puts the signed-in user of `member` on the deployment's roster, as a commander does on /plan. */
export async function assignToRoster(commander: APIRequestContext, deploymentId: string, member: APIRequestContext) {
  const { user } = await (await member.get("/api/me")).json();
  const added = await commander.post(`/api/deployments/${deploymentId}/roster`, { data: { userId: user.id } });
  expect(added.status(), await added.text()).toBe(200);
}

/**
 * Takes a deployment through the real lifecycle, over the API, up to its self-test: created by the
 * commander with the seeded demo watchlist, authorised by the authorising officer and its signage
 * confirmed by an operator. Its station now searches the blue-list volunteers only. With `whepUrl`
 * its camera is a WHEP camera. Returns its id and camera.
 */
export async function setUpSelfTestDeployment(opts: {
  name: string;
  dedupWindowSeconds?: number;
  whepUrl?: string;
  cameras?: number;
  requireSecondConfirmation?: boolean;
}) {
  const commander = await apiAs("COMMANDER");
  const authoriser = await apiAs("AUTHORISING_OFFICER");
  const operator = await apiAs("OPERATOR");
  const { deployments } = await (await commander.get("/api/deployments")).json();
  const demo = deployments.find((d: { reference: string }) => d.reference === "DEP-DEMO-0001");
  const { watchlists } = await (await commander.get("/api/watchlists")).json();
  const watchlist = watchlists.find((w: { name: string }) => w.name.startsWith("Demo"));
  expect(watchlist.entries, "the demo watchlist is enrolled from ../shared/faces").toBeGreaterThan(0);
  const now = Date.now();
  const created = await commander.post("/api/deployments", {
    data: {
      name: opts.name,
      zoneId: demo.zoneId,
      plannedStart: new Date(now - 60_000).toISOString(),
      plannedEnd: new Date(now + 3 * 3600_000).toISOString(),
      purpose: "End-to-end test of live operations at the demo zone.",
      legalBasis: "Test: common law policing powers.",
      necessity: "Test deployment; necessity recorded for the audit trail.",
      proportionality: "Test deployment; small zone, short window.",
      watchlistCriteria: "Demo subjects wanted by the courts.",
      expectedFootfallPerHour: 500,
      threshold: 0.45,
      watchlistIds: [watchlist.id],
      cameras: Array.from({ length: opts.cameras ?? 1 }, (_, i) => ({
        name: `Cam ${i ? `${i + 1} ` : ""}${opts.name}`,
        lat: 51.5309 + i * 0.0002,
        lng: -0.1238,
        headingDeg: 20,
        fovDeg: 70,
        rangeM: 30,
        ...(opts.whepUrl ? { source: "WHEP", whepUrl: opts.whepUrl } : {}),
      })),
      dedupWindowSeconds: opts.dedupWindowSeconds ?? 10,
      requireSecondConfirmation: opts.requireSecondConfirmation ?? false,
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const { deployment } = await created.json();
  const id = deployment.id as string;
  expect((await commander.post(`/api/deployments/${id}/submit`, { data: {} })).status()).toBe(200);
  const authorised = await authoriser.post(`/api/deployments/${id}/authorise`, { data: { reasons: "Necessary and proportionate for the test purpose." } });
  expect(authorised.status(), await authorised.text()).toBe(200);
  await assignToRoster(commander, id, operator);
  expect((await operator.post(`/api/deployments/${id}/confirm-signage`, { data: {} })).status()).toBe(200);
  const full = (await (await commander.get(`/api/deployments/${id}`)).json()).deployment;
  const cameras = full.cameras as { id: string; name: string }[];
  return { id, camera: cameras[0], cameras };
}

/**
 * Takes a deployment through the real lifecycle to live: its self-test (above), then a self-test
 * alert posted by hand and confirmed by an operator (and by `secondOperator` under the two-person
 * rule), then go-live. Returns its id, camera(s), the live gallery's entries and its threshold/model.
 */
export async function setUpLiveDeployment(opts: Parameters<typeof setUpSelfTestDeployment>[0] & { secondOperator?: APIRequestContext }) {
  const { id, camera, cameras } = await setUpSelfTestDeployment(opts);
  const operator = await apiAs("OPERATOR");
  const gallery = await (await operator.get(`/api/live/deployments/${id}/gallery`)).json();
  const blue = gallery.entries.find((e: { isTestSubject: boolean }) => e.isTestSubject);
  const selfTest = await operator.post("/api/alerts", {
    data: {
      idempotencyKey: `${id}:${camera.id}:self-test`,
      deploymentId: id,
      cameraId: camera.id,
      entryId: blue.id,
      similarity: 0.9,
      thresholdInForce: gallery.threshold,
      modelId: gallery.modelId,
      modelVersion: gallery.modelVersion,
      trackId: "self-test",
      capturedAt: new Date().toISOString(),
      probeJpeg: TINY_JPEG_B64,
    },
  });
  expect(selfTest.status(), await selfTest.text()).toBe(200);
  const testAlert = (await selfTest.json()).alert;
  expect((await operator.post(`/api/alerts/${testAlert.id}/adjudicate`, { data: { decision: "CONFIRM", isTest: true } })).status()).toBe(200);
  if (opts.requireSecondConfirmation) {
    // Two people must confirm, the self-test's alert included.
    expect(opts.secondOperator, "a deployment with the two-person rule needs a second operator").toBeTruthy();
    await assignToRoster(await apiAs("COMMANDER"), id, opts.secondOperator!);
    const second = await opts.secondOperator!.post(`/api/alerts/${testAlert.id}/adjudicate`, { data: { decision: "CONFIRM", isTest: true } });
    expect(second.status(), await second.text()).toBe(200);
  }
  const live = await operator.post(`/api/deployments/${id}/go-live`, { data: {} });
  expect(live.status(), await live.text()).toBe(200);
  // Live now: the gallery holds the whole snapshot, not just the blue-list volunteers.
  const liveGallery = await (await operator.get(`/api/live/deployments/${id}/gallery`)).json();
  const entries = liveGallery.entries as { id: string; subjectReference: string }[];
  return { id, camera, cameras, entries, gallery: liveGallery as { threshold: number; modelId: string; modelVersion: string } };
}
