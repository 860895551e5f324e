import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { EMBEDDING_DIM } from "@/lib/recognition/models";
import { freezeScaleSnapshot, seedScaleDeployment } from "@/lib/testing/scale-gallery";
import { FREEZE_READER, freezeSnapshot } from "./freeze-snapshot";

const readers = async () =>
  Number((await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = ${FREEZE_READER}`)[0].n);

describe("freezeSnapshot reads the faces on a connection of its own, in the authorising transaction's snapshot", () => {
  it("packs every entry (twice the same root), and leaves no reader connection behind", async () => {
    const seeded = await seedScaleDeployment(5_000, []);
    const first = await freezeScaleSnapshot(seeded.deploymentId);
    expect(first.snapshot.entryCount).toBe(5_000);
    expect(first.snapshot.chunkCount).toBe(2);
    const stored = await db().watchlistSnapshot.findUniqueOrThrow({ where: { id: first.snapshot.id } });
    expect(await db().watchlistSnapshotChunk.count({ where: { snapshotId: stored.id } })).toBe(2 + stored.blueListChunkCount);
    const again = await freezeScaleSnapshot(seeded.deploymentId);
    expect(again.snapshot.contentHash).toBe(first.snapshot.contentHash);
    expect(await readers()).toBe(0);
  });

  it("a face that is not 128 float32 values fails the freeze with its entry named; nothing is stored and the reader is closed", async () => {
    const seeded = await seedScaleDeployment(300, []);
    const before = await db()
      .watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: seeded.deploymentId }, orderBy: { createdAt: "desc" } })
      .catch(() => null);
    const image = await db().watchlistImage.findFirstOrThrow({
      where: {
        entry: { watchlistId: { in: (await db().deploymentWatchlist.findMany({ where: { deploymentId: seeded.deploymentId } })).map((w) => w.watchlistId) } },
      },
      orderBy: { entryId: "desc" },
    });
    await db().watchlistImage.update({ where: { id: image.id }, data: { embedding: new Uint8Array(EMBEDDING_DIM * 4 - 4) } });
    const d = await db().deployment.findUniqueOrThrow({ where: { id: seeded.deploymentId } });
    await expect(db().$transaction((tx) => freezeSnapshot(tx, d, new Date()), { timeout: 120_000 })).rejects.toThrow(
      new RegExp(`entry ${image.entryId}: an embedding is not 128 float32 values`),
    );
    const after = await db().watchlistSnapshot.findFirst({ where: { deploymentId: seeded.deploymentId }, orderBy: { createdAt: "desc" } });
    expect(after?.id ?? null).toBe(before?.id ?? null);
    expect(await readers()).toBe(0);
  });

  it("sees the authorising transaction's snapshot, not what other connections committed after it", async () => {
    const seeded = await seedScaleDeployment(200, []);
    const d = await db().deployment.findUniqueOrThrow({ where: { id: seeded.deploymentId } });
    const watchlistId = (await db().deploymentWatchlist.findFirstOrThrow({ where: { deploymentId: d.id } })).watchlistId;
    const victim = await db().watchlistEntry.findFirstOrThrow({ where: { watchlistId, images: { some: {} } }, orderBy: { id: "asc" } });
    const frozen = await db().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`; // a REPEATABLE READ transaction's snapshot is fixed by its first statement
        // Another connection expires an entry and commits: a reader outside the snapshot would miss it.
        await db().watchlistEntry.update({ where: { id: victim.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
        return freezeSnapshot(tx, d, new Date());
      },
      { isolationLevel: "RepeatableRead", timeout: 120_000 },
    );
    expect(frozen.entryCount).toBe(200);
    const refrozen = await db().$transaction((tx) => freezeSnapshot(tx, d, new Date()), { timeout: 120_000 });
    expect(refrozen.entryCount).toBe(199);
    expect(await readers()).toBe(0);
  });
});
