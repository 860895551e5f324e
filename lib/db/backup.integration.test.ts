import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { verifyAuditTrail } from "@/lib/audit/verify-audit-trail";
import { writeCheckpoint } from "@/lib/audit/write-checkpoint";
import { publishLiveEvent } from "@/lib/live/publish-live-event";
import { createPrismaClient } from "@/lib/db/prisma";
import { databaseUrl, freshDatabase } from "@/lib/testing/test-database";
import { backupDatabase, restoreDatabase } from "./backup";

async function emptyDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(inject("adminDatabaseUrl"), name);
}

describe("db:backup / db:restore", () => {
  it("a backup taken while writers append restores into a fresh database whose audit chain verifies", async () => {
    const url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_backup_source");
    const source = createPrismaClient(url);
    const dir = await mkdtemp(path.join(tmpdir(), "vigil-backup-"));
    const file = path.join(dir, "live.vigilbak.gz");
    try {
      await source.user.create({ data: { email: "op@example.test", name: "Op Erator", role: "OPERATOR", passwordHash: "x" } });
      for (let i = 0; i < 20; i++) await source.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.before", details: { i } }));
      await writeCheckpoint(new Date(), source);
      // A "live" deployment keeps writing audited changes and live events while the backup runs.
      let writing = true;
      const writers = Array.from({ length: 8 }, async (_, w) => {
        let n = 0;
        while (writing) {
          await source.$transaction(
            async (tx) => {
              await recordAuditEvent(tx, { actor: null, action: "test.during", details: { w, n } });
              await publishLiveEvent(tx, { type: "counts", deploymentId: null, payload: { w, n } });
            },
            { maxWait: 30_000, timeout: 60_000 },
          );
          n++;
        }
        return n;
      });
      const summary = await backupDatabase(url, file);
      writing = false;
      const written = (await Promise.all(writers)).reduce((a, b) => a + b, 0);
      expect(written).toBeGreaterThan(0);
      expect(summary.tables.AuditEvent).toBeGreaterThanOrEqual(20);
      expect(summary.tables.User).toBe(1);

      const targetUrl = await emptyDatabase("vigil_backup_target");
      const restored = await restoreDatabase(targetUrl, file);
      expect(restored.tables).toEqual(summary.tables);
      const target = createPrismaClient(targetUrl);
      try {
        const report = await verifyAuditTrail(target);
        expect(report.chain.ok).toBe(true);
        expect(report.chain.events).toBe(summary.tables.AuditEvent);
        expect(report.checkpoints.problems).toEqual([]);
        expect(report.checkpoints.checked).toBe(1);
        // Sequences continue after the restored rows; the append-only triggers are in force.
        const restoredMax = (await target.liveEvent.findFirst({ orderBy: { seq: "desc" } }))?.seq ?? 0n;
        expect(await target.liveEvent.count()).toBe(summary.tables.LiveEvent);
        const next = await target.$transaction((tx) => publishLiveEvent(tx, { type: "counts", deploymentId: null, payload: {} }));
        expect(next).toBe(restoredMax + 1n);
        await expect(target.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
        const user = await target.user.findUniqueOrThrow({ where: { email: "op@example.test" } });
        expect(user.name).toBe("Op Erator");
      } finally {
        await target.$disconnect();
      }
    } finally {
      await source.$disconnect();
    }
  });

  it("refuses a non-empty target, and a backup altered by one byte", async () => {
    const url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_backup_source2");
    const source = createPrismaClient(url);
    const dir = await mkdtemp(path.join(tmpdir(), "vigil-backup-"));
    const file = path.join(dir, "b.vigilbak.gz");
    try {
      await source.$transaction((tx) => recordAuditEvent(tx, { actor: null, action: "test.one", details: { note: "original" } }));
      await backupDatabase(url, file);
    } finally {
      await source.$disconnect();
    }
    await expect(restoreDatabase(url, file)).rejects.toThrow(/not empty/);

    const text = gunzipSync(await readFile(file)).toString("utf8");
    expect(text).toContain("original");
    const altered = path.join(dir, "altered.vigilbak.gz");
    await writeFile(altered, gzipSync(Buffer.from(text.replace("original", "0riginal"))));
    const target = await emptyDatabase("vigil_backup_target2");
    await expect(restoreDatabase(target, altered)).rejects.toThrow(/checksum/);
    // Nothing of the failed restore is left behind but the schema.
    const client = createPrismaClient(target);
    try {
      expect(await client.auditEvent.count()).toBe(0);
    } finally {
      await client.$disconnect();
    }
  });
});
