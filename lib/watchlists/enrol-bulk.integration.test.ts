/**
 * Bulk enrolment on the real database: the route's operation (validation, idempotent resume,
 * possible duplicates, several writers at once) and the HNSW duplicate index against the exact
 * scan on real face embeddings from ../shared/lfw-dev.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDir } from "@/lib/db/paths";
import { db } from "@/lib/db/prisma";
import { enrolFromFrame } from "@/lib/recognition/enrol";
import { readImage } from "@/lib/recognition/node/decode-image";
import { createNodeRecognizer } from "@/lib/recognition/node/load-models";
import { MODELS } from "@/lib/recognition/models";
import type { FaceRecognizer } from "@/lib/recognition/pipeline";
import { DEFAULT_DUPLICATE_THRESHOLD } from "@/lib/recognition/thresholds";
import { createTestUser } from "@/lib/testing/fixtures";
import { bulkEnrolRequestSchema, type TBulkRow } from "./bulk-enrol-schemas";
import { createWatchlist } from "./create-watchlist";
import { clearDuplicateIndexes } from "./duplicate-index";
import { embeddingToBytes, cosine } from "./embedding-codec";
import { enrolBulk } from "./enrol-bulk";
import { enrolManifest } from "./enrol-manifest";
import { parseManifest } from "./parse-manifest";
import { removeEntry } from "./remove-entry";
import { reviewEntry } from "./review-entry";
import { listWatchlists } from "./list-watchlists";

const FACE = Buffer.from(jpeg.encode({ data: Buffer.alloc(112 * 112 * 4, 90), width: 112, height: 112 }, 80).data).toString("base64");
const b64 = (v: Float32Array) => Buffer.from(embeddingToBytes(v)).toString("base64");
function unit(seed: number, near?: Float32Array, mix = 0.15) {
  let s = seed >>> 0;
  const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
  const v = Float32Array.from({ length: 128 }, (_, i) => (near ? near[i] : 0) + (near ? mix : 1) * r());
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const row = (line: number, ref: string, v: Float32Array, over: Partial<TBulkRow["entry"]> = {}): TBulkRow => ({
  line,
  entry: {
    subjectReference: ref,
    reasonCategory: "WANTED_BY_COURTS",
    legalBasis: "Arrest warrant, Highbury Corner Magistrates",
    imageSource: "Custody image",
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    isTestSubject: false,
    ...over,
  },
  images: [
    { file: `${ref}.jpg`, embedding: b64(v), modelId: MODELS.mobilefacenet.id, modelVersion: MODELS.mobilefacenet.version, detectorScore: 0.9, faceJpeg: FACE },
  ],
});

async function setUp() {
  const commander = await createTestUser("COMMANDER");
  const watchlist = await createWatchlist({ name: `Bulk ${Math.random().toString(36).slice(2)}`, description: "" }, commander, "b0");
  return { commander, watchlist };
}

describe("bulk enrolment (enrolBulk) on the real database", () => {
  it("validates the request shape with bounded sizes (the route answers 400 naming the field)", () => {
    const r = bulkEnrolRequestSchema.safeParse({ action: "enrol", rows: Array.from({ length: 21 }, (_, i) => row(i + 2, `R-${i}`, unit(i))) });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(["rows"]);
    const bad = bulkEnrolRequestSchema.safeParse({
      action: "enrol",
      rows: [{ ...row(2, "R-1", unit(1)), entry: { ...row(2, "R-1", unit(1)).entry, reasonCategory: "SPEEDING" } }],
    });
    expect(bad.error!.issues[0].path).toEqual(["rows", 0, "entry", "reasonCategory"]);
    expect(bulkEnrolRequestSchema.safeParse({ action: "check", references: Array(5001).fill("A") }).success).toBe(false);
  });

  it("enrols rows with entry, photo and audit together; refuses bad rows one by one; resumes idempotently", async () => {
    const { commander, watchlist } = await setUp();
    const rows = [
      row(2, "B-1", unit(1)),
      row(3, "B-2", unit(2), { expiresAt: "2020-01-01T00:00:00Z" }),
      { ...row(4, "B-3", unit(3)), images: [{ ...row(4, "B-3", unit(3)).images[0], embedding: b64(unit(3).map((x) => x * 2)) }] },
      row(5, "B-4", unit(4)),
    ];
    const first = await enrolBulk(watchlist.id, { action: "enrol", rows }, commander, "bulk-1");
    if (first.action !== "enrol") throw new Error("expected enrol");
    expect(first.results.map((r) => [r.line, r.status])).toEqual([
      [2, "enrolled"],
      [3, "invalid"],
      [4, "invalid"],
      [5, "enrolled"],
    ]);
    expect(first.results[1].message).toMatch(/expiry/);
    expect(first.results[2].message).toMatch(/L2-normalised/);
    expect(await db().watchlistEntry.count({ where: { watchlistId: watchlist.id } })).toBe(2);
    // Nothing half-written for the refused rows; entry + image + two audit records for each enrolled one.
    const b1 = first.results[0].entryId!;
    expect(await db().watchlistImage.count({ where: { entryId: b1 } })).toBe(1);
    expect(await db().auditEvent.count({ where: { targetId: b1, requestId: "bulk-1" } })).toBe(2);

    // Resume: the check lists what is there; posting the same rows again changes nothing.
    const check = await enrolBulk(watchlist.id, { action: "check", references: ["B-1", "B-2", "B-4", "B-9"] }, commander, "bulk-2");
    expect(check.action === "check" && check.existing.map((e) => e.subjectReference).sort()).toEqual(["B-1", "B-4"]);
    const again = await enrolBulk(
      watchlist.id,
      { action: "enrol", rows: [row(2, "B-1", unit(1)), row(5, "B-4", unit(4)), row(6, "B-5", unit(5))] },
      commander,
      "bulk-3",
    );
    expect(again.action === "enrol" && again.results.map((r) => r.status)).toEqual(["already_enrolled", "already_enrolled", "enrolled"]);
    expect(await db().watchlistImage.count({ where: { entry: { watchlistId: watchlist.id } } })).toBe(3);
    expect(await db().auditEvent.count({ where: { requestId: "bulk-3" } })).toBe(2);

    // Bulk entries wait for review like any other, by an officer who did not add them.
    expect((await listWatchlists()).find((w) => w.id === watchlist.id)).toMatchObject({ entries: 3, enrolledActive: 0, awaitingReview: 3 });
    await expect(reviewEntry(b1, undefined, commander, "bulk-4")).rejects.toMatchObject({ status: 403 });
    await reviewEntry(b1, undefined, await createTestUser("AUTHORISING_OFFICER"), "bulk-5");
    expect((await listWatchlists()).find((w) => w.id === watchlist.id)).toMatchObject({ enrolledActive: 1, awaitingReview: 2 });
    await expect(enrolBulk("00000000-0000-4000-8000-000000000000", { action: "check", references: [] }, commander, "x")).rejects.toMatchObject({ status: 404 });
  });

  it("flags a duplicate in the same batch, from a previous batch, and from another instance; forgets a removed entry", async () => {
    const { commander, watchlist } = await setUp();
    const base = unit(10);
    const r1 = await enrolBulk(
      watchlist.id,
      { action: "enrol", rows: [row(2, "D-1", base), row(3, "D-2", unit(11, base, 0.05)), row(4, "D-3", unit(12))] },
      commander,
      "dup-1",
    );
    expect(r1.action === "enrol" && r1.results.map((r) => r.duplicates.map((d) => d.subjectReference))).toEqual([[], ["D-1"], []]);
    // Another app instance enrolled D-4 (this process's index has not seen it).
    clearDuplicateIndexes();
    const r2 = await enrolBulk(watchlist.id, { action: "enrol", rows: [row(2, "D-4", unit(13, unit(12), 0.05))] }, commander, "dup-2");
    expect(r2.action === "enrol" && r2.results[0].duplicates.map((d) => d.subjectReference)).toEqual(["D-3"]);
    const d3 = await db().watchlistEntry.findFirstOrThrow({ where: { watchlistId: watchlist.id, subjectReference: "D-3" } });
    await removeEntry(d3.id, "Warrant withdrawn by the court.", commander, "dup-3");
    const r3 = await enrolBulk(watchlist.id, { action: "enrol", rows: [row(2, "D-5", unit(14, unit(12), 0.05))] }, commander, "dup-4");
    expect(r3.action === "enrol" && r3.results[0].duplicates.map((d) => d.subjectReference)).toEqual(["D-4"]);
  });

  it("several writers at once into one watchlist: every later face sees every earlier one (no duplicate missed)", async () => {
    const { commander, watchlist } = await setUp();
    const other = await createWatchlist({ name: `Other ${Math.random().toString(36).slice(2)}`, description: "" }, commander, "c0");
    const base = unit(20);
    const writers = 8;
    const perWriter = 3;
    await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        Promise.all([
          enrolBulk(
            watchlist.id,
            { action: "enrol", rows: Array.from({ length: perWriter }, (_, k) => row(k + 2, `C-${w}-${k}`, unit(100 + w * 10 + k, base, 0.05))) },
            commander,
            `conc-${w}`,
          ),
          // Another watchlist is not held up by (or mixed into) this one.
          enrolBulk(other.id, { action: "enrol", rows: [row(2, `O-${w}`, unit(100 + w * 10, base, 0.05))] }, commander, `other-${w}`),
        ]),
      ),
    );
    const images = await db().watchlistImage.findMany({
      where: { entry: { watchlistId: watchlist.id } },
      orderBy: { createdAt: "asc" },
      select: { entryId: true, possibleDuplicateOf: true },
    });
    expect(images).toHaveLength(writers * perWriter);
    // In commit order, the k-th face lists all k-1 before it.
    images.forEach((img, k) => expect(new Set(img.possibleDuplicateOf)).toEqual(new Set(images.slice(0, k).map((i) => i.entryId))));
    const others = await db().watchlistImage.findMany({ where: { entry: { watchlistId: other.id } }, select: { possibleDuplicateOf: true } });
    expect(others.map((o) => o.possibleDuplicateOf.length).sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => i));
  });

  const lfw = path.join(sharedDir, "lfw-dev");
  describe.skipIf(!existsSync(lfw))("on real faces", () => {
    let rec: FaceRecognizer;
    beforeAll(async () => {
      rec = await createNodeRecognizer();
    });
    afterAll(async () => {
      await rec?.dispose();
    });

    it("the CLI's manifest path: same rows, same pipeline, per-row report, a re-run resumes", async () => {
      const { commander, watchlist } = await setUp();
      const faces = path.join(sharedDir, "faces");
      const first = (dir: string) =>
        `${dir}/${
          readdirSync(path.join(faces, dir))
            .filter((f) => /\.(jpe?g|png)$/i.test(f))
            .sort()[0]
        }`;
      const second = (dir: string) =>
        `${dir}/${
          readdirSync(path.join(faces, dir))
            .filter((f) => /\.(jpe?g|png)$/i.test(f))
            .sort()[1]
        }`;
      const csv = [
        "reference,reason,legal_basis,image_source,image_date,expiry,files",
        `M-1,WANTED_BY_COURTS,Arrest warrant,Custody image,2026-01-02,2099-01-01,${first("obama")}`,
        `M-2,Missing or vulnerable person,Missing person report,Family photo,,2099-01-01,${first("biden")}`,
        `M-3,WANTED_BY_COURTS,Arrest warrant,Custody image,,2099-01-01,_group/1.jpg`,
        `M-4,WANTED_BY_COURTS,Arrest warrant,Custody image,,2099-01-01,nowhere.jpg`,
        `M-5,WANTED_BY_COURTS,Arrest warrant,Custody image,,2099-01-01,${second("obama")}`,
        `M-6,WANTED_BY_COURTS,Arrest warrant,Custody image,,2099-01-01,../lfw-dev/x.jpg`,
      ].join("\n");
      const { rows, errors } = parseManifest(csv);
      expect(errors).toEqual([]);
      const report = await enrolManifest(watchlist.id, rows, faces, commander);
      expect(report.map((r) => [r.subjectReference, r.status])).toEqual([
        ["M-1", "enrolled"],
        ["M-2", "enrolled"],
        ["M-3", "several_faces"],
        ["M-4", "missing_photo"],
        ["M-5", "possible_duplicate"],
        ["M-6", "missing_photo"],
      ]);
      expect(report[4].detail).toMatch(/possible duplicate of M-1/);
      const entry = await db().watchlistEntry.findFirstOrThrow({ where: { watchlistId: watchlist.id, subjectReference: "M-2" } });
      expect(entry).toMatchObject({
        reasonCategory: "MISSING_VULNERABLE",
        legalBasis: "Missing person report",
        imageSource: "Family photo",
        addedById: commander.id,
        reviewedAt: null,
      });
      const again = await enrolManifest(watchlist.id, rows, faces, commander);
      expect(again.filter((r) => r.status === "already_enrolled").map((r) => r.subjectReference)).toEqual(["M-1", "M-2", "M-5"]);
      expect(await db().watchlistEntry.count({ where: { watchlistId: watchlist.id } })).toBe(3);
    }, 300_000);

    it("the HNSW duplicate check finds what the exact scan finds (real LFW embeddings)", async () => {
      const { commander, watchlist } = await setUp();
      const identities = readdirSync(lfw).sort().slice(0, 45);
      const embedded: { ref: string; v: Float32Array }[] = [];
      for (const id of identities) {
        const files = readdirSync(path.join(lfw, id)).sort().slice(0, 2);
        for (const [k, f] of files.entries()) {
          const r = await enrolFromFrame(rec, await readImage(path.join(lfw, id, f)), { pick: "largest" });
          if (r.ok) embedded.push({ ref: `${id.slice(0, 50)}-${k}`, v: r.embedding });
        }
      }
      // Enrol one at a time; compare each reported duplicate set with the exact scan over all earlier faces.
      let expected = 0;
      let found = 0;
      let extra = 0;
      for (let i = 0; i < embedded.length; i += 10) {
        const batch = embedded.slice(i, i + 10);
        const res = await enrolBulk(watchlist.id, { action: "enrol", rows: batch.map((e, j) => row(i + j + 2, e.ref, e.v)) }, commander, "real");
        if (res.action !== "enrol") throw new Error("expected enrol");
        res.results.forEach((r, j) => {
          const exact = new Set(
            embedded
              .slice(0, i + j)
              .filter((e) => cosine(e.v, batch[j].v) >= DEFAULT_DUPLICATE_THRESHOLD)
              .map((e) => e.ref),
          );
          const got = new Set(r.duplicates.map((d) => d.subjectReference));
          expected += exact.size;
          found += [...exact].filter((x) => got.has(x)).length;
          extra += [...got].filter((x) => !exact.has(x)).length;
        });
      }
      console.log(`real faces: ${embedded.length} enrolled; duplicate pairs found by HNSW ${found}/${expected} of the exact scan, ${extra} not in it`);
      expect(embedded.length).toBeGreaterThan(80);
      expect(expected).toBeGreaterThan(25);
      expect(found).toBe(expected);
      expect(extra).toBe(0);
    }, 400_000);
  });
});
