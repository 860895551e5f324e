import { cp, mkdtemp, readdir, writeFile, appendFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { freshDatabase } from "@/lib/testing/test-database";
import { checksumOf, listMigrations, migrate } from "./migrate";

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "vigil-migrations-"));
  await cp(MIGRATIONS, dir, { recursive: true });
  return dir;
}

describe("migration runner", () => {
  it("applies every migration once, records Prisma's bookkeeping, and is idempotent", async () => {
    const url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_migrate_a");
    const again = await migrate(url);
    const names = (await readdir(MIGRATIONS, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.sort()).toEqual(names.sort());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`);
    await client.end();
    const files = await listMigrations(MIGRATIONS);
    for (const f of files) {
      const row = rows.find((r) => r.migration_name === f.name);
      expect(row?.checksum).toBe(checksumOf(f.sql));
      expect(row?.finished_at).toBeInstanceOf(Date);
      expect(row?.applied_steps_count).toBe(1);
    }
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_migrate_b");
    const dir = await copyMigrations();
    const [first] = await listMigrations(dir);
    await appendFile(path.join(dir, first.name, "migration.sql"), "\n-- edited afterwards\n");
    await expect(migrate(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls back a failing migration and leaves no half-applied record", async () => {
    const url = await freshDatabase(inject("adminDatabaseUrl"), "vigil_migrate_c");
    const dir = await copyMigrations();
    await mkdir(path.join(dir, "29990101000000_broken"));
    await writeFile(path.join(dir, "29990101000000_broken", "migration.sql"), 'CREATE TABLE "Half" (id int);\nSELECT * FROM no_such_table;');
    await expect(migrate(url, dir)).rejects.toThrow(/29990101000000_broken failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const half = await client.query(`SELECT to_regclass('"Half"') AS t`);
    const rec = await client.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
    await client.end();
    expect(half.rows[0].t).toBeNull();
    expect(rec.rowCount).toBe(0);
  });
});
