import { readSnapshotEntries } from "@/lib/deployments/read-snapshot-chunks";
import { describe, expect, it } from "vitest";
import { adjudicateAlert } from "@/lib/alerts/adjudicate-alert";
import { ingestAlert } from "@/lib/alerts/ingest-alert";
import { db } from "@/lib/db/prisma";
import { closeExpiredDeployments } from "@/lib/deployments/close-expired-deployments";
import { transitionDeployment } from "@/lib/deployments/transition-deployment";
import { updateDeployment } from "@/lib/deployments/update-deployment";
import { MODELS } from "@/lib/recognition/models";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, matchEventFor } from "@/lib/testing/live-fixtures";
import { embeddingToBytes } from "@/lib/watchlists/embedding-codec";
import { deploymentChangedEventSchema, type DeploymentChangedEvent } from "./live-schemas";
import { openLiveStream } from "./open-live-stream";
import { readScopeGallery } from "./read-live-scope";

async function enrol(entryId: string, seed: number) {
  const v = new Float32Array(128);
  v[seed % 128] = 1;
  await db().watchlistImage.create({
    data: {
      entryId,
      faceJpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      embedding: Buffer.from(embeddingToBytes(v)),
      embeddingModelId: MODELS.mobilefacenet.id,
      embeddingModelVersion: "test-version",
      embeddingDim: 128,
      detectorScore: 0.9,
    },
  });
}

/** A deployment authorised over a frozen watchlist of one wanted person and one blue-list volunteer. */
async function authorised() {
  const fx = await createLiveDeployment({ status: "DRAFT" });
  await enrol(fx.entry.id, 0);
  await enrol(fx.testEntry.id, 1);
  const applicant = { ...(await db().user.findUniqueOrThrow({ where: { id: fx.deployment.applicantId } })), sid: "t" };
  const authoriser = await createTestUser("AUTHORISING_OFFICER");
  await transitionDeployment(fx.deployment.id, "submit", {}, applicant, "s");
  await transitionDeployment(fx.deployment.id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "a");
  return { ...fx, applicant, authoriser };
}

async function changes(deploymentId: string): Promise<DeploymentChangedEvent[]> {
  const rows = await db().liveEvent.findMany({ where: { deploymentId, type: "deployment.changed" }, orderBy: { seq: "asc" } });
  return rows.map((r) => deploymentChangedEventSchema.parse(r.payload));
}

function matchEvent(fx: Awaited<ReturnType<typeof authorised>>, entryId: string, trackId: string) {
  return matchEventFor(fx, { entryId, trackId, similarity: 0.8 });
}

describe("the deployment's lifecycle on the live stream", () => {
  it("self-test → live → threshold → closed: each change is a deployment.changed event carrying the scope in force", async () => {
    const fx = await authorised();
    const id = fx.deployment.id;
    const operator = await createTestUser("OPERATOR");

    // An open console follows the stream from here.
    const controller = new AbortController();
    const seen: DeploymentChangedEvent[] = [];
    const res = await openLiveStream({ deploymentId: id, resumeFrom: null, signal: controller.signal });
    const reader = res.body!.getReader();
    const reading = (async () => {
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        buf += new TextDecoder().decode(value);
        for (const m of buf.matchAll(/event: deployment\.changed\ndata: (.*)\n\n/g)) seen.push(deploymentChangedEventSchema.parse(JSON.parse(m[1])));
        buf = buf.slice(buf.lastIndexOf("\n\n") + 2);
      }
    })();

    const selfTest = (await readScopeGallery(db(), id))!;
    expect(selfTest.scope).toMatchObject({ phase: "self-test", status: "AUTHORISED", stoppedReason: null, gallery: { kind: "blue-list", size: 1 } });
    expect((await readSnapshotEntries(db(), selfTest.snapshot!.row, "blue")).entries.map((e) => e.id)).toEqual([fx.testEntry.id]);
    const snapshot = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: id, destroyedAt: null } });
    expect(selfTest.scope.gallery.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(selfTest.scope.gallery.hash).not.toBe(snapshot.contentHash);

    // During the self-test only the blue-list volunteer is accepted.
    await expect(ingestAlert(matchEvent(fx, fx.entry.id, "wanted-early"), operator, "x")).rejects.toMatchObject({ status: 409 });
    const { alert } = await ingestAlert(matchEvent(fx, fx.testEntry.id, "blue"), operator, "x");
    await transitionDeployment(id, "confirm-signage", {}, operator, "sig");
    await adjudicateAlert(alert.id, { decision: "CONFIRM", isTest: true }, operator, "st");
    // A refused step publishes nothing.
    await expect(transitionDeployment(id, "close", { report: "Not yet live, cannot close." }, fx.applicant, "bad")).rejects.toMatchObject({ status: 409 });
    await transitionDeployment(id, "go-live", {}, operator, "live");
    const live = (await readScopeGallery(db(), id))!;
    expect(live.scope).toMatchObject({
      phase: "live",
      status: "LIVE",
      gallery: { kind: "full", size: 2, hash: snapshot.contentHash, snapshotId: snapshot.id },
    });
    // Now a wanted person raises an alert.
    expect((await ingestAlert(matchEvent(fx, fx.entry.id, "wanted"), operator, "x")).alert.isTest).toBe(false);
    await transitionDeployment(id, "change-threshold", { threshold: 0.62, reason: "Too many false alerts at the barriers." }, fx.authoriser, "thr");
    await transitionDeployment(id, "close", { report: "One arrest; closed at the end of the peak." }, fx.applicant, "close");
    const closed = (await readScopeGallery(db(), id))!;
    expect(closed.scope).toMatchObject({ phase: "stopped", status: "CLOSED", gallery: { kind: "none", size: 0, hash: null } });
    expect(closed.scope.stoppedReason).toMatch(/closed/);
    expect(closed.snapshot).toBeNull();
    await expect(ingestAlert(matchEvent(fx, fx.entry.id, "after-close"), operator, "x")).rejects.toMatchObject({ status: 409 });

    const log = await changes(id);
    expect(log.map((c) => c.change)).toEqual(["authorised", "signage-confirmed", "self-test-passed", "went-live", "threshold", "closed"]);
    expect(log.map((c) => c.scope.phase)).toEqual(["self-test", "self-test", "self-test", "live", "live", "stopped"]);
    expect(log[2].scope.selfTestPassedAt).not.toBeNull();
    expect(log[4].scope.threshold).toBe(0.62);
    // Versions strictly increase, and the last event's scope is what the server says now.
    for (let i = 1; i < log.length; i++) expect(log[i].scope.version).toBeGreaterThan(log[i - 1].scope.version);
    expect(log.at(-1)!.scope).toEqual(closed.scope);

    // The console got the same events, live, in order (the first was published before it connected).
    const deadline = Date.now() + 10_000;
    while (seen.length < log.length - 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await reader.cancel().catch(() => {});
    await reading;
    expect(seen.map((c) => c.change)).toEqual(log.slice(1).map((c) => c.change));
  });

  it("the window's end stops a live deployment (window-ended), and an edit after authorisation withdraws the snapshot", async () => {
    const fx = await createLiveDeployment();
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { plannedEnd: new Date(Date.now() - 1000) } });
    const before = (await readScopeGallery(db(), fx.deployment.id))!.scope;
    expect(before).toMatchObject({ phase: "stopped", status: "LIVE", stoppedReason: expect.stringMatching(/window ended/) });
    await closeExpiredDeployments();
    const [ended] = await changes(fx.deployment.id);
    expect(ended).toMatchObject({
      change: "window-ended",
      scope: { phase: "stopped", status: "CLOSED", stoppedReason: expect.stringMatching(/window ended/) },
    });

    const a = await authorised();
    const d = await db().deployment.findUniqueOrThrow({ where: { id: a.deployment.id }, include: { cameras: true, watchlists: true } });
    await updateDeployment(
      a.deployment.id,
      {
        name: d.name,
        zoneId: d.zoneId,
        plannedStart: d.plannedStart.toISOString(),
        plannedEnd: d.plannedEnd.toISOString(),
        purpose: "Find people wanted for robbery at the station.",
        legalBasis: "Common law policing powers.",
        necessity: "Other means have failed for these subjects.",
        proportionality: "Small zone, short window, bespoke watchlist.",
        watchlistCriteria: "Wanted by the courts for robbery.",
        expectedFootfallPerHour: 800,
        threshold: 0.6,
        watchlistIds: d.watchlists.map((w) => w.watchlistId),
        cameras: [{ name: "Cam edited", lat: 51.53, lng: -0.12, headingDeg: 0, fovDeg: 60, rangeM: 25, source: "LOCAL_PUBLISHER" }],
        requireSecondConfirmation: false,
        dedupWindowSeconds: 120,
        adjudicationSlaMinutes: 5,
      },
      a.applicant,
      "edit",
    );
    const log = await changes(a.deployment.id);
    expect(log.map((c) => c.change)).toEqual(["authorised", "snapshot"]);
    expect(log[1].scope).toMatchObject({ phase: "stopped", status: "DRAFT", gallery: { kind: "none" } });
  });
});
