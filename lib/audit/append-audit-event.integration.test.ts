import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { freshDatabase } from "@/lib/testing/test-database";
import { appendAuditEvent } from "./append-audit-event";
import { recordAuditEvent } from "./record-audit-event";
import { startAuditSequencer } from "./run-audit-sequencer";
import { countPendingAuditEvents, sequenceAuditEvents } from "./sequence-audit-events";
import { verifyAuditTrail } from "./verify-audit-trail";

let url: string;
let prisma: Db;

beforeAll(async () => {
  url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_audit_append");
  prisma = createPrismaClient(url, new pg.Pool({ connectionString: url, max: 16 }));
  // A stand-in for the row a caller changes (each writer its own, as an operator adjudicates an alert).
  await prisma.$executeRawUnsafe(`CREATE TABLE test_mutation (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`);
  await prisma.$executeRawUnsafe(`INSERT INTO test_mutation (id) SELECT g FROM generate_series(0, 63) g`);
});
afterAll(async () => {
  await prisma.$disconnect();
});

const TX = { maxWait: 60_000, timeout: 60_000 };

describe("appendAuditEvent: a record that stands alone", () => {
  it("is committed when it returns: another connection sees it at once, unsequenced, and the sequencer chains it", async () => {
    const { id } = await appendAuditEvent({ actor: null, action: "test.standalone", targetType: "t", targetId: "x", details: { n: 1 } }, prisma);
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      const { rows } = await other.query(`SELECT action, "targetId", details, seq, hash FROM "AuditEvent" WHERE id = $1`, [id.toString()]);
      expect(rows).toEqual([{ action: "test.standalone", targetId: "x", details: { n: 1 }, seq: null, hash: null }]);
    } finally {
      await other.end();
    }
    await sequenceAuditEvents(prisma);
    const row = await prisma.auditEvent.findUniqueOrThrow({ where: { id } });
    expect(row.seq).not.toBeNull();
    expect((await verifyAuditTrail(prisma)).chain.ok).toBe(true);
  });

  it("a bad record fails on its own and leaves nothing behind", async () => {
    const before = await prisma.auditEvent.count();
    await expect(appendAuditEvent({ actor: { id: "not-a-uuid", email: null, role: null }, action: "test.bad" }, prisma)).rejects.toThrow();
    expect(await prisma.auditEvent.count()).toBe(before);
    // The pool's connection (and its prepared statement) still works afterwards.
    await appendAuditEvent({ actor: null, action: "test.after_bad" }, prisma);
    expect(await prisma.auditEvent.count()).toBe(before + 1);
  });

  it("appends that arrive together share one INSERT; a bad one among them fails alone, each caller gets its own id", async () => {
    await sequenceAuditEvents(prisma);
    const before = await prisma.auditEvent.count();
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      actor: i === 17 ? { id: "not-a-uuid", email: null, role: null } : null,
      action: "test.burst",
      targetId: `b${i}`,
    }));
    const results = await Promise.allSettled(inputs.map((input) => appendAuditEvent(input, prisma)));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results[17].status).toBe("rejected");
    expect(await prisma.auditEvent.count()).toBe(before + 39);
    for (const [i, r] of results.entries()) {
      if (r.status !== "fulfilled") continue;
      const row = await prisma.auditEvent.findUniqueOrThrow({ where: { id: r.value.id } });
      expect(row.targetId).toBe(`b${i}`);
    }
    const ok = await Promise.all(inputs.filter((_, i) => i !== 17).map((input) => appendAuditEvent({ ...input, action: "test.burst2" }, prisma)));
    expect(new Set(ok.map((e) => e.id)).size).toBe(39);
  });

  it("standalone appenders, transactional appenders and rollbacks at once, sequencer running: no gap, no rolled-back record, the chain verifies", async () => {
    await sequenceAuditEvents(prisma);
    const startCount = await prisma.auditEvent.count();
    const sequencer = startAuditSequencer({ url, client: prisma, pollMs: 20 });
    const PER = 20;
    const standalone = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < PER; i++) await appendAuditEvent({ actor: null, action: "test.read", targetId: `s${w}-${i}` }, prisma);
    });
    const transactional = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < PER; i++) {
        await prisma.$transaction(async (tx) => {
          await tx.$executeRaw`UPDATE test_mutation SET n = n + 1 WHERE id = ${w}`;
          await recordAuditEvent(tx, { actor: null, action: "test.change", targetId: `t${w}-${i}` });
        }, TX);
      }
    });
    const rollingBack = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < PER; i++) {
        await expect(
          prisma.$transaction(async (tx) => {
            await tx.$executeRaw`UPDATE test_mutation SET n = n + 1 WHERE id = ${32 + w}`;
            await recordAuditEvent(tx, { actor: null, action: "test.rolled_back", targetId: `r${w}-${i}` });
            throw new Error("the change failed after its record was written");
          }, TX),
        ).rejects.toThrow("the change failed");
      }
    });
    await Promise.all([...standalone, ...transactional, ...rollingBack]);

    const end = Date.now() + 30_000;
    while ((await countPendingAuditEvents(prisma)) > 0) {
      if (Date.now() > end) throw new Error("the sequencer did not catch up");
      await new Promise((r) => setTimeout(r, 20));
    }
    await sequencer.stop();

    const rows = await prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, action: true, targetId: true } });
    expect(rows.length).toBe(startCount + 2 * 8 * PER);
    // Numbered 1..N with no gap and no duplicate.
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((r) => r.action === "test.read")).toHaveLength(8 * PER);
    expect(rows.filter((r) => r.action === "test.change")).toHaveLength(8 * PER);
    expect(rows.filter((r) => r.action === "test.rolled_back")).toHaveLength(0);
    // Every committed change has its record, and no rolled-back change survived.
    const counts = await prisma.$queryRaw<{ id: number; n: number }[]>`SELECT id, n FROM test_mutation ORDER BY id`;
    expect(counts.filter((c) => c.id < 8).every((c) => c.n === PER)).toBe(true);
    expect(counts.filter((c) => c.id >= 32).every((c) => c.n === 0)).toBe(true);
    const report = await verifyAuditTrail(prisma);
    expect(report.chain).toMatchObject({ ok: true, events: rows.length });
    expect(report.pending).toBe(0);
  });
});
