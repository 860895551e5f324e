import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { freshDatabase } from "@/lib/testing/test-database";
import { GENESIS_HASH, hashEvent } from "./canonical";
import { recordAuditEvent } from "./record-audit-event";
import { AUDIT_SEQUENCER_LEADER_LOCK, startAuditSequencer } from "./run-audit-sequencer";
import { countPendingAuditEvents, sequenceAuditEvents } from "./sequence-audit-events";
import { verifyAuditTrail } from "./verify-audit-trail";
import { sequencedRow, verifyChain } from "./verify-chain";

let url: string;
let prisma: Db;

beforeAll(async () => {
  url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_audit_sequencer");
  prisma = createPrismaClient(url);
});
afterAll(async () => {
  await prisma.$disconnect();
});

const write = (action: string, details: Record<string, unknown> = {}) =>
  prisma.$transaction((tx) => recordAuditEvent(tx, { actor: null, action, details }), { maxWait: 30_000, timeout: 60_000 });

async function chain() {
  const rows = await prisma.auditEvent.findMany({ where: { seq: { not: null } }, orderBy: { seq: "asc" } });
  return { rows, verdict: verifyChain(rows.map(sequencedRow)) };
}

async function until(what: string, check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("recordAuditEvent and the audit sequencer", () => {
  it("writes the record unsequenced; the sequencer links it to the previous one by hash", async () => {
    const a = await write("test.one", { n: 1 });
    const pending = await prisma.auditEvent.findUniqueOrThrow({ where: { id: a.id } });
    expect([pending.seq, pending.prevHash, pending.hash]).toEqual([null, null, null]);
    const b = await write("test.two", { n: 2 });
    expect(await countPendingAuditEvents(prisma)).toBe(2);

    const result = await sequenceAuditEvents(prisma);
    expect(result.sequenced).toBe(2);
    const rowA = sequencedRow(await prisma.auditEvent.findUniqueOrThrow({ where: { id: a.id } }));
    const rowB = sequencedRow(await prisma.auditEvent.findUniqueOrThrow({ where: { id: b.id } }));
    expect(rowA.seq).toBe(1n);
    expect(rowA.prevHash).toBe(GENESIS_HASH);
    expect(rowB.seq).toBe(2n);
    expect(rowB.prevHash).toBe(rowA.hash);
    expect(hashEvent(rowB)).toBe(rowB.hash);
    expect(result.head).toEqual({ seq: 2n, hash: rowB.hash });
    // Nothing left: a second call is a no-op.
    expect((await sequenceAuditEvents(prisma)).sequenced).toBe(0);
  });

  it("commits with the change it records, or not at all (a rolled-back record leaves no gap)", async () => {
    const before = await prisma.auditEvent.count();
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.watchlist.create({ data: { name: "rolled-back-list", createdById: "00000000-0000-4000-8000-000000000000" } });
        await recordAuditEvent(tx, { actor: null, action: "watchlist.create" });
        throw new Error("boom after audit");
      }),
    ).rejects.toThrow("boom after audit");
    expect(await prisma.auditEvent.count()).toBe(before);
    expect(await prisma.watchlist.findUnique({ where: { name: "rolled-back-list" } })).toBeNull();
    await write("test.after_rollback");
    await sequenceAuditEvents(prisma);
    expect((await chain()).verdict.ok).toBe(true);
  });

  it("sequences only committed rows, and a row with a lower id that commits later is sequenced later, never skipped", async () => {
    // Transaction 1 inserts first (lower id) and stays open; transaction 2 inserts and commits.
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    try {
      await slow.query("BEGIN");
      const { rows } = await slow.query<{ id: string }>(
        `INSERT INTO "AuditEvent" ("occurredAt", action, details) VALUES (now(), 'test.slow', '{}') RETURNING id`,
      );
      const slowId = BigInt(rows[0].id);
      const fast = await write("test.fast");
      expect(fast.id).toBeGreaterThan(slowId);

      await sequenceAuditEvents(prisma);
      const fastRow = await prisma.auditEvent.findUniqueOrThrow({ where: { id: fast.id } });
      expect(fastRow.seq).not.toBeNull();
      // The open transaction's row is invisible to the sequencer: not sequenced, not skipped.
      await slow.query("COMMIT");
      expect((await prisma.auditEvent.findUniqueOrThrow({ where: { id: slowId } })).seq).toBeNull();
      await sequenceAuditEvents(prisma);
      const slowRow = await prisma.auditEvent.findUniqueOrThrow({ where: { id: slowId } });
      expect(slowRow.seq).toBe(fastRow.seq! + 1n);
      expect(slowRow.prevHash).toBe(fastRow.hash);
      const { verdict } = await chain();
      expect(verdict.ok).toBe(true);
    } finally {
      await slow.end();
    }
  });

  it("the only UPDATE the table allows is giving a pending row its place in the chain, once", async () => {
    const { id } = await write("test.guard", { x: 1 });
    // Changing content while sequencing, or sequencing without a hash, is refused.
    await expect(prisma.$executeRaw`UPDATE "AuditEvent" SET seq = 999999, "prevHash" = 'p', hash = 'h', action = 'forged' WHERE id = ${id}`).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.$executeRaw`UPDATE "AuditEvent" SET seq = 999999 WHERE id = ${id}`).rejects.toThrow(/append-only/);
    await sequenceAuditEvents(prisma);
    // Re-sequencing a sequenced row (rewriting history) is refused.
    await expect(prisma.$executeRaw`UPDATE "AuditEvent" SET seq = 999999, "prevHash" = 'p', hash = 'h' WHERE id = ${id}`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${id}`).rejects.toThrow(/append-only/);
  });

  it("32 concurrent writers with two sequencers running; the leader dies, the standby takes over; the chain is gapless and verifies", async () => {
    const lines: string[] = [];
    const a = startAuditSequencer({ url, client: prisma, pollMs: 50, standbyMs: 60_000, log: (l) => lines.push(`a: ${l}`) });
    await until("a to lead", async () => a.isLeader());
    const b = startAuditSequencer({ url, client: prisma, pollMs: 50, standbyMs: 100, log: (l) => lines.push(`b: ${l}`) });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(b.isLeader()).toBe(false);

      const burst = (tag: string) =>
        Promise.all(
          Array.from({ length: 32 }, (_, w) =>
            (async () => {
              for (let i = 0; i < 5; i++) await write("test.concurrent", { tag, w, i });
            })(),
          ),
        );
      await burst("before");
      await until("a to sequence the first burst", async () => (await countPendingAuditEvents(prisma)) === 0);
      expect(a.sequenced()).toBeGreaterThanOrEqual(160);

      // The leader's process dies: its connection goes, Postgres releases the session lock.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [AUDIT_SEQUENCER_LEADER_LOCK],
      );
      await admin.end();
      expect(killed.rowCount).toBe(1);
      await until("b to take over", async () => b.isLeader());
      expect(a.isLeader()).toBe(false);

      const writing = burst("during");
      await writing;
      await until("b to sequence the second burst", async () => (await countPendingAuditEvents(prisma)) === 0);
      expect(b.sequenced()).toBeGreaterThanOrEqual(160);
    } finally {
      await a.stop();
      await b.stop();
    }
    const { rows, verdict } = await chain();
    expect(verdict.ok).toBe(true);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((r) => r.action === "test.concurrent")).toHaveLength(320);
    const report = await verifyAuditTrail(prisma);
    expect(report.chain.ok).toBe(true);
    expect(report.pending).toBe(0);
    expect(lines.some((l) => l.startsWith("b: audit sequencer elected"))).toBe(true);
  });
});
