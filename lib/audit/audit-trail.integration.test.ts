import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { freshDatabase } from "@/lib/testing/test-database";
import { recordAuditEvent } from "./record-audit-event";
import { sequenceAuditEvents } from "./sequence-audit-events";
import { auditCli } from "@/lib/testing/audit-cli";

async function sql(url: string, statements: string[], opts: { replica?: boolean } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (opts.replica) await client.query("SET session_replication_role = replica");
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

describe("append-only audit table", () => {
  it("refuses UPDATE, DELETE and TRUNCATE, also under session_replication_role = replica", async () => {
    const url = inject("databaseUrl");
    const prisma = createPrismaClient(url);
    await prisma.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.append_only" }));
    await prisma.$disconnect();
    for (const replica of [false, true]) {
      await expect(sql(url, [`UPDATE "AuditEvent" SET action = 'x'`], { replica })).rejects.toThrow(/append-only/);
      await expect(sql(url, [`DELETE FROM "AuditEvent"`], { replica })).rejects.toThrow(/append-only/);
      await expect(sql(url, [`TRUNCATE "AuditEvent"`], { replica })).rejects.toThrow(/append-only/);
    }
  });
});

describe("npm run audit:verify", () => {
  it("50 concurrent writers leave a gapless chain that verifies; an edited row is named", async () => {
    const url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_audit_tamper");
    const prisma = createPrismaClient(url);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        prisma.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.concurrent", details: { writer: i } }), {
          maxWait: 30_000,
          timeout: 60_000,
        }),
      ),
    );
    await sequenceAuditEvents(prisma);
    const seqs = (await prisma.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await prisma.$disconnect();

    const intact = await auditCli(url);
    expect(intact.out).toMatch(/audit trail intact: 50 events/);
    expect(intact.code).toBe(0);

    // A superuser bypasses the trigger and edits event 17 by SQL.
    await sql(url, [
      `ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_no_update_delete`,
      `UPDATE "AuditEvent" SET details = '{"writer": 999}' WHERE seq = 17`,
      `ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_no_update_delete`,
    ]);
    const broken = await auditCli(url);
    expect(broken.code).not.toBe(0);
    expect(broken.out).toMatch(/BROKEN at event 17/);
  });
});
