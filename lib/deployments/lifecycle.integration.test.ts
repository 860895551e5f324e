import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { evidenceIdentity } from "@/lib/planning/evidence-identity";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db/prisma";
import { fuseEnrolment } from "@/lib/recognition/fuse-enrolment";
import { MODELS } from "@/lib/recognition/models";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment } from "@/lib/testing/live-fixtures";
import { embeddingToBytes } from "@/lib/watchlists/embedding-codec";
import { closeExpiredDeployments } from "./close-expired-deployments";
import type { DeploymentInput } from "./deployment-schemas";
import { readSnapshotEntries, rootOfHexDigests, SNAPSHOT_ROW_SELECT } from "./read-snapshot-chunks";
import { recordSelfTest } from "./record-self-test";
import { transitionDeployment, type SimpleTransition } from "./transition-deployment";
import { updateDeployment } from "./update-deployment";

type Fixture = Awaited<ReturnType<typeof createLiveDeployment>>;

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

async function draftWithEnrolledWatchlist() {
  const fx = await createLiveDeployment({ status: "DRAFT" });
  await enrol(fx.entry.id, 0);
  await enrol(fx.testEntry.id, 1);
  const applicant = await db().user.findUniqueOrThrow({ where: { id: fx.deployment.applicantId } });
  return { ...fx, applicant: { ...applicant, sid: "t" } };
}

const auditOf = (id: string) => db().auditEvent.findMany({ where: { deploymentId: id }, orderBy: { id: "asc" } });
const actions = async (id: string) => (await auditOf(id)).map((e) => e.action);
const statusOf = async (id: string) => (await db().deployment.findUniqueOrThrow({ where: { id } })).status;

async function alertFor(fx: Fixture, entry: { id: string; subjectReference: string }, deploymentId = fx.deployment.id, cameraId = fx.camera.id) {
  return db().alert.create({
    data: {
      idempotencyKey: randomUUID(),
      deploymentId,
      cameraId,
      entryId: entry.id,
      subjectReference: entry.subjectReference,
      similarity: 0.8,
      thresholdInForce: 0.5,
      modelId: "mobilefacenet",
      modelVersion: "test-version",
      trackId: "t1",
      capturedAt: new Date(),
      lastSeenAt: new Date(),
      isTest: false,
    },
  });
}

function inputFrom(fx: Fixture, over: Partial<DeploymentInput> = {}): DeploymentInput {
  return {
    name: "Edited deployment",
    zoneId: fx.zone.id,
    plannedStart: new Date(Date.now() - 3600_000).toISOString(),
    plannedEnd: new Date(Date.now() + 3600_000).toISOString(),
    purpose: "Find people wanted for robbery at the station.",
    legalBasis: "Common law policing powers.",
    necessity: "Other means have failed for these subjects.",
    proportionality: "Small zone, short window, bespoke watchlist.",
    watchlistCriteria: "Wanted by the courts for robbery.",
    expectedFootfallPerHour: 800,
    threshold: 0.6,
    watchlistIds: [fx.watchlist.id],
    cameras: [{ name: "Cam edited", lat: 51.53, lng: -0.12, headingDeg: 0, fovDeg: 60, rangeM: 25, source: "LOCAL_PUBLISHER" }],
    requireSecondConfirmation: false,
    dedupWindowSeconds: 120,
    adjudicationSlaMinutes: 5,
    ...over,
  };
}

describe("deployment lifecycle on the real database", () => {
  it("freezes only entries an authorising officer has reviewed, and refuses to authorise a watchlist with none", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const id = fx.deployment.id;
    await db().watchlistEntry.updateMany({ where: { id: { in: [fx.entry.id, fx.testEntry.id] } }, data: { reviewedAt: null } });
    await transitionDeployment(id, "submit", {}, fx.applicant, "r1");
    await expect(
      transitionDeployment(id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "r2"),
    ).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/no reviewed.*2 entries await review/),
    });
    expect(await statusOf(id)).toBe("SUBMITTED");
    await db().watchlistEntry.update({ where: { id: fx.testEntry.id }, data: { reviewedAt: new Date(), reviewedById: authoriser.id } });
    await transitionDeployment(id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "r3");
    const snap = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: id }, select: SNAPSHOT_ROW_SELECT });
    expect((await readSnapshotEntries(db(), snap, "full")).entries.map((e) => e.id)).toEqual([fx.testEntry.id]);
    const authorisedEvent = (await auditOf(id)).find((e) => e.action === "deployment.authorise");
    expect(authorisedEvent?.details).toMatchObject({ watchlistSize: 1, entriesAwaitingReview: 1, evidence: evidenceIdentity() });
  });

  it("freezes an entry enrolled from several photos as one row, the normalised mean of its photos (the rule the evidence measured)", async () => {
    const fx = await draftWithEnrolledWatchlist();
    await enrol(fx.entry.id, 5); // a second photo of the same entry: e0 and e5
    await enrol(fx.testEntry.id, 9);
    await enrol(fx.testEntry.id, 17); // the blue-list volunteer has three: e1, e9, e17
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const id = fx.deployment.id;
    await transitionDeployment(id, "submit", {}, fx.applicant, "r1");
    await transitionDeployment(id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "r2");
    const snap = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: id }, select: SNAPSHOT_ROW_SELECT });
    expect(snap).toMatchObject({ entryCount: 2, rowCount: 2 });
    const stored = async (entryId: string) => {
      const images = await db().watchlistImage.findMany({ where: { entryId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return fuseEnrolment(images.map((i) => new Float32Array(new Uint8Array(i.embedding).buffer)));
    };
    for (const part of ["full", "blue"] as const) {
      const { entries } = await readSnapshotEntries(db(), snap, part);
      for (const e of entries) {
        expect(e.embeddings).toHaveLength(1);
        const want = await stored(e.id);
        const got = e.embeddings[0];
        // int8 packing: within a quantisation step of the fused mean; every photo weighs the same.
        for (let k = 0; k < 128; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(0.005);
        const hot = e.id === fx.entry.id ? [0, 5] : [1, 9, 17];
        for (const k of hot) expect(got[k]).toBeCloseTo(1 / Math.sqrt(hot.length), 2);
      }
      expect(entries.map((e) => e.id).sort()).toEqual(part === "full" ? [fx.entry.id, fx.testEntry.id].sort() : [fx.testEntry.id]);
    }
  });

  it("runs draft → submitted → authorised → live → closed, auditing each step with its signature and freezing the watchlist", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const operator = await createTestUser("OPERATOR");
    const id = fx.deployment.id;
    await transitionDeployment(id, "submit", {}, fx.applicant, "r1");
    await expect(
      transitionDeployment(id, "authorise", { reasons: "my own application" }, { ...fx.applicant, role: "AUTHORISING_OFFICER" }, "r2"),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/applicant cannot/),
    });
    await transitionDeployment(id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "r3");
    const authorised = await db().deployment.findUniqueOrThrow({ where: { id } });
    expect(authorised).toMatchObject({
      status: "AUTHORISED",
      authorisingOfficerId: authoriser.id,
      authorisedVersion: 1,
      authorisationReasons: "Necessary and proportionate for the stated purpose.",
    });
    expect(authorised.authorisedAt).not.toBeNull();
    const snap = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: id }, select: SNAPSHOT_ROW_SELECT });
    expect(snap).toMatchObject({ entryCount: 2, format: 2, payload: null, chunkCount: 1, blueListCount: 1, blueListChunkCount: 1 });
    expect(snap.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // The recorded hash is the root over the stored chunks' hashes, and each chunk hash is of its bytes.
    const chunks = await db().watchlistSnapshotChunk.findMany({ where: { snapshotId: snap.id, part: "full" }, orderBy: { index: "asc" } });
    expect(rootOfHexDigests(chunks.map((c) => c.sha256))).toBe(snap.contentHash);
    for (const c of chunks) expect(createHash("sha256").update(c.bytes).digest("hex")).toBe(c.sha256);
    const payload = await readSnapshotEntries(db(), snap, "full");
    const original = await db().watchlistImage.findFirstOrThrow({ where: { entryId: fx.entry.id }, orderBy: { createdAt: "asc" } });
    const exact = new Float32Array(new Uint8Array(original.embedding).buffer);
    const packed = payload.entries.find((e) => e.id === fx.entry.id)!.embeddings[0];
    expect(packed.reduce((a, v, k) => a + v * exact[k], 0)).toBeGreaterThan(0.999);
    expect(payload.entries.map((e) => e.subjectReference).sort()).toEqual([fx.entry.subjectReference, fx.testEntry.subjectReference].sort());
    expect(payload.entries.find((e) => e.isTestSubject)?.id).toBe(fx.testEntry.id);

    await expect(transitionDeployment(id, "go-live", {}, operator, "r4")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/signage/) });
    await transitionDeployment(id, "confirm-signage", {}, operator, "r5");
    await expect(transitionDeployment(id, "go-live", {}, operator, "r6")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/self-test/) });
    const testAlert = await alertFor(fx, fx.testEntry);
    await recordSelfTest(id, testAlert.id, operator, "r6b");
    expect(await db().alert.findUniqueOrThrow({ where: { id: testAlert.id } })).toMatchObject({ isTest: true, status: "CONFIRMED" });
    await transitionDeployment(id, "go-live", {}, operator, "r7");
    await expect(transitionDeployment(id, "submit", {}, fx.applicant, "r8")).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/that is live/),
    });
    await transitionDeployment(id, "close", { report: "Two arrests; closed at the end of the evening peak." }, fx.applicant, "r9");
    expect(await actions(id)).toEqual([
      "deployment.submit",
      "deployment.authorise",
      "deployment.confirm_signage",
      "deployment.record_self_test",
      "deployment.go_live",
      "deployment.close",
    ]);
    const events = await auditOf(id);
    const authorise = events.find((e) => e.action === "deployment.authorise")!;
    expect(authorise.actorId).toBe(authoriser.id);
    expect(authorise.details).toMatchObject({
      from: "SUBMITTED",
      to: "AUTHORISED",
      reasons: "Necessary and proportionate for the stated purpose.",
      signedBy: authoriser.email,
      contentHash: snap.contentHash,
      watchlistSize: 2,
      applicationDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The digest signed at authorisation is the one submitted (the application did not change).
    expect((events.find((e) => e.action === "deployment.submit")!.details as { applicationDigest: string }).applicationDigest).toBe(
      (authorise.details as { applicationDigest: string }).applicationDigest,
    );
    const closed = await db().deployment.findUniqueOrThrow({ where: { id } });
    expect(closed.status).toBe("CLOSED");
    expect(closed.closedAt).not.toBeNull();
    expect(closed.closureReport).toMatch(/Two arrests/);
  });

  it("refuses every step for the wrong role (403) and the wrong state (409, naming it), changing nothing and auditing nothing", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const operator = await createTestUser("OPERATOR");
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const privacy = await createTestUser("PRIVACY_OFFICER");
    const id = fx.deployment.id;
    const wrongRole: [SimpleTransition, CurrentUser][] = [
      ["submit", operator],
      ["submit", authoriser],
      ["authorise", fx.applicant],
      ["refuse", operator],
      ["close", authoriser],
      ["cancel", privacy],
      ["change-threshold", fx.applicant],
      ["confirm-signage", authoriser],
      ["go-live", privacy],
    ];
    for (const [t, who] of wrongRole) {
      await expect(
        transitionDeployment(id, t, { reasons: "Reasons long enough.", report: "A report long enough.", reason: "Because.", threshold: 0.6 }, who, "x"),
        `${t} by ${who.role}`,
      ).rejects.toMatchObject({
        status: 403,
      });
    }
    await expect(recordSelfTest(id, randomUUID(), fx.applicant, "x")).rejects.toMatchObject({ status: 403 });
    const wrongState: [SimpleTransition, CurrentUser][] = [
      ["authorise", authoriser],
      ["refuse", authoriser],
      ["confirm-signage", operator],
      ["go-live", operator],
      ["close", fx.applicant],
      ["change-threshold", authoriser],
    ];
    for (const [t, who] of wrongState) {
      await expect(
        transitionDeployment(id, t, { reasons: "Reasons long enough.", report: "A report long enough.", threshold: 0.6 }, who, "x"),
        t,
      ).rejects.toMatchObject({
        status: 409,
        message: expect.stringMatching(/that is draft/),
        details: { status: "DRAFT" },
      });
    }
    await expect(recordSelfTest(id, randomUUID(), operator, "x")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/that is draft/) });
    expect(await statusOf(id)).toBe("DRAFT");
    expect(await actions(id)).toEqual([]);
  });

  it("a change after authorisation needs re-authorisation: version + 1, back to draft, snapshot discarded", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const operator = await createTestUser("OPERATOR");
    const id = fx.deployment.id;
    await transitionDeployment(id, "submit", {}, fx.applicant, "e1");
    await transitionDeployment(id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "e2");
    await transitionDeployment(id, "confirm-signage", {}, operator, "e3");
    const first = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: id } });

    const edited = await updateDeployment(id, inputFrom(fx, { threshold: 0.62 }), fx.applicant, "e4");
    expect(edited).toMatchObject({ status: "DRAFT", version: 2, authorisedVersion: 1, threshold: 0.62, signageConfirmedAt: null, selfTestPassedAt: null });
    const discarded = await db().watchlistSnapshot.findUniqueOrThrow({ where: { id: first.id } });
    expect(discarded.payload).toBeNull();
    expect(discarded.destroyedAt).not.toBeNull();
    const editEvent = (await auditOf(id)).find((e) => e.action === "deployment.edit")!;
    expect(editEvent.details).toMatchObject({ from: "AUTHORISED", to: "DRAFT", version: 2, reauthorisationNeeded: true, snapshotsDiscarded: 1 });

    await transitionDeployment(id, "submit", {}, fx.applicant, "e5");
    await transitionDeployment(id, "authorise", { reasons: "Re-authorised at the new threshold after review." }, authoriser, "e6");
    const d = await db().deployment.findUniqueOrThrow({ where: { id } });
    expect(d).toMatchObject({ status: "AUTHORISED", authorisedVersion: 2, version: 2 });
    const current = await db().watchlistSnapshot.findMany({ where: { deploymentId: id, destroyedAt: null } });
    expect(current).toHaveLength(1);
    // Same watchlist, same canonical contents, same hash.
    expect(current[0].contentHash).toBe(first.contentHash);
  });

  it("a live deployment cannot be edited; its threshold changes only by an authorising officer, recorded with the reason", async () => {
    const fx = await createLiveDeployment();
    const commander = await db().user.findUniqueOrThrow({ where: { id: fx.deployment.applicantId } });
    const applicant = { ...commander, sid: "t" };
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const id = fx.deployment.id;
    await expect(updateDeployment(id, inputFrom(fx), applicant, "t1")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/that is live/) });
    await expect(
      transitionDeployment(id, "change-threshold", { threshold: 0.7, reason: "Too many false alerts in the first hour." }, applicant, "t2"),
    ).rejects.toMatchObject({ status: 403 });
    await transitionDeployment(id, "change-threshold", { threshold: 0.7, reason: "Too many false alerts in the first hour." }, authoriser, "t3");
    await expect(
      transitionDeployment(id, "change-threshold", { threshold: 0.7, reason: "Same value again, refused." }, authoriser, "t4"),
    ).rejects.toMatchObject({ status: 409 });
    const changes = await db().thresholdChange.findMany({ where: { deploymentId: id } });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      fromThreshold: 0.5,
      toThreshold: 0.7,
      reason: "Too many false alerts in the first hour.",
      authorisedById: authoriser.id,
    });
    expect((await db().deployment.findUniqueOrThrow({ where: { id } })).threshold).toBe(0.7);
    const event = (await auditOf(id)).find((e) => e.action === "deployment.change_threshold")!;
    expect(event.details).toMatchObject({ fromThreshold: 0.5, toThreshold: 0.7 });
  });

  it("the self-test passes only with a test subject's alert of this deployment", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const other = await createLiveDeployment();
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const operator = await createTestUser("OPERATOR");
    const id = fx.deployment.id;
    await transitionDeployment(id, "submit", {}, fx.applicant, "s1");
    await transitionDeployment(id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "s2");
    const real = await alertFor(fx, fx.entry);
    await expect(recordSelfTest(id, real.id, operator, "s3")).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/not for a blue-list test subject/),
    });
    const foreign = await alertFor(other, other.testEntry, other.deployment.id, other.camera.id);
    await expect(recordSelfTest(id, foreign.id, operator, "s4")).rejects.toMatchObject({ status: 404 });
    expect((await db().deployment.findUniqueOrThrow({ where: { id } })).selfTestPassedAt).toBeNull();
    const test = await alertFor(fx, fx.testEntry);
    await recordSelfTest(id, test.id, operator, "s5");
    expect((await db().deployment.findUniqueOrThrow({ where: { id } })).selfTestPassedAt).not.toBeNull();
    expect(await db().alert.count({ where: { deploymentId: id, isTest: true } })).toBe(1);
    expect(await db().alert.count({ where: { deploymentId: id, isTest: false } })).toBe(1);
  });

  it("refusal is a signed decision; a refused application can be edited back to draft or cancelled", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const id = fx.deployment.id;
    await transitionDeployment(id, "submit", {}, fx.applicant, "f1");
    await transitionDeployment(id, "refuse", { reasons: "The watchlist criteria are too broad for this purpose." }, authoriser, "f2");
    expect(await db().deployment.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "REFUSED",
      refusalReasons: "The watchlist criteria are too broad for this purpose.",
      authorisingOfficerId: authoriser.id,
    });
    await expect(transitionDeployment(id, "go-live", {}, fx.applicant, "f3")).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/that is refused/),
    });
    await transitionDeployment(id, "cancel", { reason: "Operation stood down." }, fx.applicant, "f4");
    expect(await statusOf(id)).toBe("CANCELLED");
    expect(await actions(id)).toEqual(["deployment.submit", "deployment.refuse", "deployment.cancel"]);
  });

  it("authorising a watchlist with nothing enrolled is refused and rolls back", async () => {
    const fx = await createLiveDeployment({ status: "DRAFT" });
    const applicant = { ...(await db().user.findUniqueOrThrow({ where: { id: fx.deployment.applicantId } })), sid: "t" };
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    await transitionDeployment(fx.deployment.id, "submit", {}, applicant, "n1");
    await expect(transitionDeployment(fx.deployment.id, "authorise", { reasons: "Necessary and proportionate." }, authoriser, "n2")).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/no reviewed, enrolled/),
    });
    expect(await statusOf(fx.deployment.id)).toBe("SUBMITTED");
    expect(await db().watchlistSnapshot.count({ where: { deploymentId: fx.deployment.id } })).toBe(0);
    expect(await actions(fx.deployment.id)).toEqual(["deployment.submit"]);
  });

  it("a live deployment past its window closes by itself, once, audited as the system", async () => {
    const fx = await createLiveDeployment();
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { plannedEnd: new Date(Date.now() - 1000) } });
    const [a, b] = await Promise.all([closeExpiredDeployments(), closeExpiredDeployments()]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const d = await db().deployment.findUniqueOrThrow({ where: { id: fx.deployment.id } });
    expect(d.status).toBe("CLOSED");
    expect(d.closedAt).not.toBeNull();
    const events = (await auditOf(fx.deployment.id)).filter((e) => e.action === "deployment.auto_close");
    expect(events).toHaveLength(1);
    expect(events[0].actorId).toBeNull();
  });
});
