import { existsSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { sharedDir } from "@/lib/db/paths";
import { db } from "@/lib/db/prisma";
import { MODELS } from "@/lib/recognition/models";
import { createTestUser } from "@/lib/testing/fixtures";
import { addEntryImage, type NewImage } from "./add-entry-image";
import { createEntry } from "./create-entry";
import { createWatchlist } from "./create-watchlist";
import { embeddingToBytes } from "./embedding-codec";
import { enrolFolders } from "./enrol-folder";
import { listEntries } from "./list-entries";
import { listWatchlists } from "./list-watchlists";
import { removeEntry } from "./remove-entry";
import { reviewEntry } from "./review-entry";

const face = (w = 112, h = 112) => new Uint8Array(jpeg.encode({ data: Buffer.alloc(w * h * 4, 90), width: w, height: h }, 80).data);
const unit = (i: number, j = i, mix = 0) => {
  const v = new Float32Array(128);
  v[i] = Math.sqrt(1 - mix * mix);
  v[j] += mix;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const image = (v: Float32Array, over: Partial<NewImage> = {}): NewImage => ({
  embedding: embeddingToBytes(v),
  modelId: MODELS.mobilefacenet.id,
  modelVersion: MODELS.mobilefacenet.version,
  detectorScore: 0.95,
  faceJpeg: face(),
  ...over,
});
const entryInput = (ref: string, over: Record<string, unknown> = {}) => ({
  subjectReference: ref,
  reasonCategory: "WANTED_BY_COURTS" as const,
  legalBasis: "Arrest warrant, Highbury Corner Magistrates",
  imageSource: "Custody image, 2026-03-02",
  imageTakenAt: "2026-03-02T10:00:00Z",
  expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  isTestSubject: false,
  ...over,
});

async function setUp() {
  const commander = await createTestUser("COMMANDER");
  const watchlist = await createWatchlist({ name: `WL ${Math.random().toString(36).slice(2)}`, description: "" }, commander, "w0");
  return { commander, watchlist };
}

describe("watchlists on the real database", () => {
  it("refuses embeddings that are not unit 128-d MobileFaceNet vectors, and crops that are not aligned 112x112 JPEGs", async () => {
    const { commander, watchlist } = await setUp();
    const entry = await createEntry(watchlist.id, entryInput("WL-A"), commander, "w1");
    const refusals: [Partial<NewImage> | Float32Array, RegExp][] = [
      [{ modelId: "arcface" }, /must come from mobilefacenet/],
      [{ modelVersion: "v0" }, /must come from mobilefacenet/],
      [{ embedding: embeddingToBytes(new Float32Array(64).fill(0.125)) }, /128 dimensions; got 64/],
      [{ embedding: embeddingToBytes(unit(0).map((x) => x * 2)) }, /L2-normalised/],
      [{ embedding: embeddingToBytes(unit(0).map((x, i) => (i === 5 ? NaN : x))) }, /non-finite/],
      [{ faceJpeg: face(160, 160) }, /aligned 112x112 face crop; got 160x160/],
      [{ faceJpeg: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }, /JPEG/],
      // A real 112x112 header, then a script where the picture should be: decoded in full, refused.
      [{ faceJpeg: new Uint8Array([...face().subarray(0, 200), ...Buffer.from("<script>alert(1)</script>"), 0xff, 0xd9]) }, /faceJpeg: not a JPEG image/],
    ];
    for (const [over, message] of refusals) {
      await expect(addEntryImage(entry.id, image(unit(0), over as Partial<NewImage>), commander, "w2")).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(message),
      });
    }
    expect(await db().watchlistImage.count({ where: { entryId: entry.id } })).toBe(0);
    const ok = await addEntryImage(entry.id, image(unit(0)), commander, "w3");
    expect(ok.duplicates).toEqual([]);
  });

  it("flags another subject's near-identical face as a possible duplicate, not more photos of the same subject", async () => {
    const { commander, watchlist } = await setUp();
    const a = await createEntry(watchlist.id, entryInput("WL-A"), commander, "d1");
    const b = await createEntry(watchlist.id, entryInput("WL-B"), commander, "d2");
    await addEntryImage(a.id, image(unit(3)), commander, "d3");
    const again = await addEntryImage(a.id, image(unit(3, 4, 0.1)), commander, "d4");
    expect(again.duplicates).toEqual([]);
    const dup = await addEntryImage(b.id, image(unit(3, 4, 0.2)), commander, "d5");
    expect(dup.duplicates).toEqual([expect.objectContaining({ entryId: a.id, subjectReference: "WL-A" })]);
    expect(dup.image.possibleDuplicateOf).toEqual([a.id]);
    const listed = await listEntries(watchlist.id, { page: 1, pageSize: 25 }, commander, "d6");
    expect(listed.entries.find((e) => e.id === b.id)?.possibleDuplicates).toEqual([{ entryId: a.id, subjectReference: "WL-A" }]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: b.id, action: "watchlist.enrol_image" } });
    expect(audit.details).toMatchObject({ possibleDuplicates: [expect.objectContaining({ subjectReference: "WL-A" })] });
  });

  it("an authorising officer other than the adder reviews an entry, once", async () => {
    const { commander, watchlist } = await setUp();
    const entry = await createEntry(watchlist.id, entryInput("WL-R"), commander, "r1");
    const ao = await createTestUser("AUTHORISING_OFFICER");
    await expect(reviewEntry(entry.id, undefined, commander, "r2")).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/added an entry cannot review/),
    });
    const reviewed = await reviewEntry(entry.id, "Warrant checked on PNC.", ao, "r3");
    expect(reviewed.reviewedById).toBe(ao.id);
    await expect(reviewEntry(entry.id, undefined, await createTestUser("AUTHORISING_OFFICER"), "r4")).rejects.toMatchObject({ status: 409 });
    const page = await listEntries(watchlist.id, { page: 1, pageSize: 25 }, ao, "r5");
    expect(page.entries[0]).toMatchObject({ addedByName: "Test COMMANDER", reviewedByName: "Test AUTHORISING_OFFICER", expired: false });
    expect(await db().auditEvent.count({ where: { action: "access.read_watchlist_entries", requestId: "r5" } })).toBe(1);
  });

  it("validates expiry and image date, paginates, and removes an entry with its reason", async () => {
    const { commander, watchlist } = await setUp();
    await expect(createEntry(watchlist.id, entryInput("WL-X", { expiresAt: "2020-01-01T00:00:00Z" }), commander, "p1")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/expiry/),
    });
    await expect(createEntry(watchlist.id, entryInput("WL-X", { imageTakenAt: "2999-01-01T00:00:00Z" }), commander, "p2")).rejects.toMatchObject({
      status: 400,
    });
    for (let i = 0; i < 7; i++) await createEntry(watchlist.id, entryInput(`WL-${i}`), commander, "p3");
    await expect(createEntry(watchlist.id, entryInput("WL-3"), commander, "p4")).rejects.toMatchObject({ status: 409 });
    const p2 = await listEntries(watchlist.id, { page: 2, pageSize: 3 }, commander, "p5");
    expect(p2.total).toBe(7);
    expect(p2.entries.map((e) => e.subjectReference)).toEqual(["WL-3", "WL-4", "WL-5"]);
    const removed = await removeEntry(p2.entries[0].id, "Warrant withdrawn by the court.", commander, "p6");
    expect(removed.removed).toBe(true);
    expect((await listEntries(watchlist.id, { page: 1, pageSize: 25 }, commander, "p7")).total).toBe(6);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: p2.entries[0].id, action: "watchlist.remove_entry" } });
    expect(audit.details).toMatchObject({ subjectReference: "WL-3", reason: "Warrant withdrawn by the court." });
    const summary = (await listWatchlists()).find((w) => w.id === watchlist.id)!;
    expect(summary).toMatchObject({ entries: 6, enrolledActive: 0 });
  });

  const faces = path.join(sharedDir, "faces");
  it.skipIf(!existsSync(faces))("enrols photo folders in Node through the recognition pipeline (aligned 112x112 crops)", async () => {
    const { commander, watchlist } = await setUp();
    const report = await enrolFolders(
      watchlist.id,
      [
        { folder: path.join(faces, "obama"), subjectReference: "WL-0001" },
        { folder: path.join(faces, "deepface_p01"), subjectReference: "BLUE-0001", isTestSubject: true },
      ],
      commander,
    );
    expect(report.rejected).toEqual([]);
    expect(report.enrolled.map((e) => e.subjectReference)).toEqual(["WL-0001", "BLUE-0001"]);
    const summary = (await listWatchlists()).find((w) => w.id === watchlist.id)!;
    // Enrolled but not yet reviewed: nothing an authorisation would freeze.
    expect(summary).toMatchObject({ entries: 2, enrolledActive: 0, testSubjects: 0, awaitingReview: 2 });
    await db().watchlistEntry.updateMany({ where: { watchlistId: watchlist.id }, data: { reviewedAt: new Date() } });
    const reviewed = (await listWatchlists()).find((w) => w.id === watchlist.id)!;
    expect(reviewed).toMatchObject({ entries: 2, enrolledActive: 2, testSubjects: 1, awaitingReview: 0 });
  });
});
