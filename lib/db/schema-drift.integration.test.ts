import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Drift check: every model and scalar field in prisma/schema.prisma exists as a table and column
 * in a database built only from the committed migrations (Prisma's own diff needs an engine
 * binary that cannot be downloaded here).
 */
describe("migrations match the Prisma schema", () => {
  it("has a column for every scalar field of every model", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    await client.end();
    const columns = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    const missing: string[] = [];
    const models = Object.values(Prisma.ModelName);
    expect(models.length).toBeGreaterThan(10);
    for (const model of models) {
      const fields = Object.keys((Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]);
      for (const field of fields) if (!columns.has(`${model}.${field}`)) missing.push(`${model}.${field}`);
    }
    expect(missing).toEqual([]);
  });
});
