import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { GENESIS_HASH, hashEvent } from "./canonical";
import { recordAuditEvent } from "./record-audit-event";

describe("recordAuditEvent", () => {
  it("links each event to the previous one by hash", async () => {
    const a = await db().$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.one", details: { n: 1 } }));
    const b = await db().$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.two", details: { n: 2 } }));
    expect(b.seq).toBe(a.seq + 1n);
    const rowB = await db().auditEvent.findUniqueOrThrow({ where: { seq: b.seq } });
    expect(rowB.prevHash).toBe(a.hash);
    const { hash, ...fields } = rowB;
    expect(hashEvent({ ...fields, details: fields.details })).toBe(hash);
    const first = await db().auditEvent.findFirstOrThrow({ orderBy: { seq: "asc" } });
    expect(first.prevHash).toBe(GENESIS_HASH);
  });

  it("commits with the change it records, or not at all", async () => {
    const before = await db().auditEvent.count();
    await expect(
      db().$transaction(async (tx) => {
        await tx.watchlist.create({ data: { name: "rolled-back-list", createdById: "00000000-0000-4000-8000-000000000000" } });
        await recordAuditEvent(tx, { actor: null, action: "watchlist.create" });
        throw new Error("boom after audit");
      }),
    ).rejects.toThrow("boom after audit");
    expect(await db().auditEvent.count()).toBe(before);
    expect(await db().watchlist.findUnique({ where: { name: "rolled-back-list" } })).toBeNull();
  });

  it("concurrent writers never fork the chain", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db().$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.concurrent", details: { i } }), {
          maxWait: 20_000,
          timeout: 30_000,
        }),
      ),
    );
    const seqs = results.map((r) => r.seq).sort((x, y) => (x < y ? -1 : 1));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1n);
    const rows = await db().auditEvent.findMany({ orderBy: { seq: "asc" } });
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
  });
});
