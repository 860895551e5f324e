import { describe, expect, it } from "vitest";
import { verifyAuditTrail } from "@/lib/audit/verify-audit-trail";
import { db } from "@/lib/db/prisma";
import { createLiveDeployment } from "@/lib/testing/live-fixtures";
import { createAlert } from "@/lib/testing/oversight-fixtures";
import { runRetention } from "./run-retention";

const DAY = 86_400_000;

const alertAt = (fx: Awaited<ReturnType<typeof createLiveDeployment>>, capturedAt: Date) => createAlert(fx, { capturedAt });

describe("retention job (injected clock)", () => {
  it("keeps an alert 31 days minus a second old, deletes one 31 days plus a second old with its crop, and records a receipt", async () => {
    const now = new Date();
    const fx = await createLiveDeployment();
    const keep = await alertAt(fx, new Date(now.getTime() - 31 * DAY + 1000));
    const drop = await alertAt(fx, new Date(now.getTime() - 31 * DAY - 1000));
    const result = await runRetention({ now });
    expect(await db().alert.findUnique({ where: { id: keep.id } })).not.toBeNull();
    expect(await db().alert.findUnique({ where: { id: drop.id } })).toBeNull();
    expect(await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Alert" WHERE "probeJpeg" IS NOT NULL AND id = ${drop.id}::uuid`).toEqual([
      { n: 0n },
    ]);
    const receipt = result.receipts.find((r) => r.kind === "alert");
    expect(receipt).toMatchObject({ count: 1, periodStart: drop.capturedAt.toISOString(), periodEnd: drop.capturedAt.toISOString() });
    const stored = await db().deletionReceipt.findFirst({ where: { retentionRunId: result.runId, kind: "alert" } });
    expect(stored?.count).toBe(1);
    const audit = await db().auditEvent.findFirst({ where: { action: "retention.delete", targetId: stored!.id } });
    expect(audit?.details).toMatchObject({ kind: "alert", count: 1 });
    expect(JSON.stringify(audit?.details)).not.toContain(fx.entry.subjectReference);
    const run = await db().retentionRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run.status).toBe("succeeded");
    expect((await verifyAuditTrail()).chain.ok).toBe(true);
  });

  it("destroys a snapshot's payload 24 h after its deployment closed, leaving the row as proof", async () => {
    const fx = await createLiveDeployment({ status: "CLOSED" });
    const closedAt = new Date(Date.now() - 2 * DAY);
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { closedAt } });
    const snap = await db().watchlistSnapshot.create({
      data: { deploymentId: fx.deployment.id, entryCount: 2, contentHash: "abc", modelId: "m", modelVersion: "v", payload: Buffer.from("secret") },
    });
    const early = await runRetention({ now: new Date(closedAt.getTime() + 23 * 3600_000) });
    expect(early.receipts.find((r) => r.kind === "watchlist_snapshot")).toBeUndefined();
    expect((await db().watchlistSnapshot.findUniqueOrThrow({ where: { id: snap.id } })).payload).not.toBeNull();
    const due = await runRetention({ now: new Date(closedAt.getTime() + 25 * 3600_000) });
    expect(due.receipts.find((r) => r.kind === "watchlist_snapshot")?.count).toBeGreaterThanOrEqual(1);
    const after = await db().watchlistSnapshot.findUniqueOrThrow({ where: { id: snap.id } });
    expect(after.payload).toBeNull();
    expect(after.destroyedAt).not.toBeNull();
  });

  it("destroys every chunk of a packed snapshot 24 h after its deployment closed and leaves the receipt", async () => {
    const fx = await createLiveDeployment({ status: "CLOSED" });
    const closedAt = new Date(Date.now() - 2 * DAY);
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { closedAt } });
    const snap = await db().watchlistSnapshot.create({
      data: {
        deploymentId: fx.deployment.id,
        entryCount: 3,
        contentHash: "r".repeat(64),
        modelId: "m",
        modelVersion: "v",
        format: 2,
        dim: 128,
        encoding: "int8",
        chunkCount: 2,
        blueListCount: 1,
        blueListChunkCount: 1,
      },
    });
    const chunk = (part: string, index: number) => ({
      snapshotId: snap.id,
      part,
      index,
      entryCount: 1,
      rowCount: 1,
      bytes: Buffer.from(`secret ${part} ${index}`),
      sha256: "0".repeat(64),
    });
    await db().watchlistSnapshotChunk.createMany({ data: [chunk("full", 0), chunk("full", 1), chunk("blue", 0)] });
    const early = await runRetention({ now: new Date(closedAt.getTime() + 23 * 3600_000) });
    expect(early.receipts.find((r) => r.kind === "watchlist_snapshot")).toBeUndefined();
    expect(await db().watchlistSnapshotChunk.count({ where: { snapshotId: snap.id } })).toBe(3);
    const due = await runRetention({ now: new Date(closedAt.getTime() + 25 * 3600_000) });
    const receipt = due.receipts.find((r) => r.kind === "watchlist_snapshot");
    expect(receipt?.count).toBeGreaterThanOrEqual(1);
    expect(await db().watchlistSnapshotChunk.count({ where: { snapshotId: snap.id } })).toBe(0);
    const after = await db().watchlistSnapshot.findUniqueOrThrow({ where: { id: snap.id } });
    expect(after).toMatchObject({ entryCount: 3, contentHash: "r".repeat(64) });
    expect(after.destroyedAt).not.toBeNull();
    const stored = await db().deletionReceipt.findFirst({ where: { retentionRunId: due.runId, kind: "watchlist_snapshot" } });
    expect(stored?.count).toBeGreaterThanOrEqual(1);
    // A second run finds nothing more to destroy for it.
    const again = await runRetention({ now: new Date(closedAt.getTime() + 26 * 3600_000) });
    expect(again.receipts.filter((r) => r.kind === "watchlist_snapshot")).toEqual([]);
  });

  it("works in batches and a second run finds nothing left", async () => {
    const now = new Date();
    const fx = await createLiveDeployment();
    await runRetention({ now }); // whatever earlier tests left that is due by now
    for (let i = 0; i < 7; i++) await alertAt(fx, new Date(now.getTime() - 40 * DAY - i * 1000));
    const first = await runRetention({ now, batchSize: 3 });
    expect(first.receipts.filter((r) => r.kind === "alert").map((r) => r.count)).toEqual([3, 3, 1]);
    const second = await runRetention({ now, batchSize: 3 });
    expect(second.receipts.filter((r) => r.kind === "alert")).toEqual([]);
  });

  it("deletes expired watchlist entries with their images, and signalling and replay rows older than a day", async () => {
    const now = new Date();
    const fx = await createLiveDeployment();
    const expired = await db().watchlistEntry.update({ where: { id: fx.entry.id }, data: { expiresAt: new Date(now.getTime() - 1000) } });
    await db().watchlistImage.create({
      data: {
        entryId: expired.id,
        faceJpeg: Buffer.from([0xff, 0xd8]),
        embedding: Buffer.alloc(8),
        embeddingModelId: "m",
        embeddingModelVersion: "v",
        embeddingDim: 2,
        detectorScore: 0.9,
      },
    });
    const oldRtc = await db().rtcSession.create({ data: { cameraId: fx.camera.id, offerSdp: "v=0", createdAt: new Date(now.getTime() - DAY - 1000) } });
    const newRtc = await db().rtcSession.create({ data: { cameraId: fx.camera.id, offerSdp: "v=0", createdAt: new Date(now.getTime() - DAY + 60_000) } });
    const oldEvent = await db().liveEvent.create({ data: { type: "test", payload: {}, createdAt: new Date(now.getTime() - DAY - 1000) } });
    const result = await runRetention({ now });
    expect(await db().watchlistEntry.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(await db().watchlistImage.count({ where: { entryId: expired.id } })).toBe(0);
    expect(await db().watchlistEntry.findUnique({ where: { id: fx.testEntry.id } })).not.toBeNull();
    expect(await db().rtcSession.findUnique({ where: { id: oldRtc.id } })).toBeNull();
    expect(await db().rtcSession.findUnique({ where: { id: newRtc.id } })).not.toBeNull();
    expect(await db().liveEvent.findUnique({ where: { seq: oldEvent.seq } })).toBeNull();
    expect(result.receipts.map((r) => r.kind)).toEqual(expect.arrayContaining(["watchlist_entry", "rtc_session", "live_event"]));
    for (const r of result.receipts) expect(JSON.stringify(r)).not.toContain(fx.entry.subjectReference);
    expect((await verifyAuditTrail()).chain.ok).toBe(true);
  });
});
