import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { freshDatabase } from "@/lib/testing/test-database";
import { purgeAuditEvents } from "./purge-audit-events";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditTrail } from "./verify-audit-trail";
import { writeCheckpoint } from "./write-checkpoint";
import { auditCli } from "@/lib/testing/audit-cli";

const DAY = 86_400_000;

async function superuserSql(url: string, statements: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results = [];
    for (const s of statements) results.push(await client.query(s));
    return results;
  } finally {
    await client.end();
  }
}

describe("purging old audit events (AUDIT_RETENTION_DAYS)", () => {
  let url: string;
  let prisma: Db;
  const now = new Date();

  beforeAll(async () => {
    url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_audit_purge");
    prisma = createPrismaClient(url);
    for (let i = 0; i < 30; i++) {
      const occurredAt = new Date(now.getTime() - 400 * DAY + i * 1000);
      await prisma.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.old", details: { i }, occurredAt }));
    }
    await writeCheckpoint(new Date(now.getTime() - 399 * DAY), prisma);
    for (let i = 0; i < 10; i++) await prisma.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.recent", details: { i } }));
  });

  afterAll(async () => {
    await prisma?.$disconnect();
  });

  it("deletes the old prefix in batches, leaves a signed anchor, and the rest still verifies", async () => {
    const before = new Date(now.getTime() - 365 * DAY);
    const first = await purgeAuditEvents({ before, now, client: prisma, limit: 12 });
    expect(first).toMatchObject({ count: 12, upToSeq: 12n });
    const rest = [];
    for (;;) {
      const r = await purgeAuditEvents({ before, now, client: prisma, limit: 12 });
      if (!r.count) break;
      rest.push(r.count);
    }
    expect(rest).toEqual([12, 6]);
    expect(await prisma.auditEvent.count({ where: { action: "test.old" } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "test.recent" } })).toBe(10);
    const receipts = await prisma.deletionReceipt.findMany({ where: { kind: "audit_event" } });
    expect(receipts.map((r) => r.count).sort()).toEqual([12, 12, 6].sort());

    const report = await verifyAuditTrail(prisma);
    expect(report.chain.ok).toBe(true);
    expect(report.anchor).toEqual({ seq: "30", signed: true });
    expect(report.checkpoints.problems).toEqual([]);

    // The trigger is back on, ALWAYS (fires under replica too), after the purge transaction.
    const [triggers] = await superuserSql(url, [
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = '"AuditEvent"'::regclass AND NOT tgisinternal ORDER BY tgname`,
    ]);
    expect(triggers.rows).toEqual([
      { tgname: "audit_event_no_truncate", tgenabled: "A" },
      { tgname: "audit_event_no_update_delete", tgenabled: "A" },
    ]);
    await expect(superuserSql(url, [`SET session_replication_role = replica`, `DELETE FROM "AuditEvent"`])).rejects.toThrow(/append-only/);

    const cli = await auditCli(url);
    expect(cli.out).toMatch(/audit trail intact: \d+ events \(seq 31\.\.\d+\) from a signed anchor at event 30/);
    expect(cli.code).toBe(0);
  });

  it("appends that arrive during a purge wait for it and keep the chain whole", async () => {
    const writers = Array.from({ length: 20 }, (_, i) =>
      prisma.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.during_purge", details: { i } }), { maxWait: 30_000, timeout: 60_000 }),
    );
    const purge = purgeAuditEvents({ before: new Date(now.getTime() + DAY), now, client: prisma, limit: 5 });
    await Promise.all([...writers, purge]);
    const report = await verifyAuditTrail(prisma);
    expect(report.chain.ok).toBe(true);
    expect(await prisma.auditEvent.count({ where: { action: "test.during_purge" } })).toBe(20);
  });

  it("never purges the newest event, which the next append links to", async () => {
    const r = await purgeAuditEvents({ before: new Date(now.getTime() + DAY), now, client: prisma });
    expect(r.count).toBeGreaterThan(0);
    expect(await prisma.auditEvent.count()).toBe(2); // the head before, and this purge's own receipt event
    await prisma.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.after_purge" }));
    expect((await verifyAuditTrail(prisma)).chain.ok).toBe(true);
  });

  it("without a validly signed anchor, the missing prefix is reported", async () => {
    const report = await verifyAuditTrail(prisma);
    const anchor = report.anchor.seq;
    await superuserSql(url, [`UPDATE "AuditCheckpoint" SET hash = repeat('0', 64) WHERE seq = ${anchor}`]);
    const cli = await auditCli(url);
    expect(cli.code).not.toBe(0);
    expect(cli.out).toMatch(/BROKEN at event 1: events 1\.\.\d+ are missing/);
  });
});
