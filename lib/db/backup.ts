import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { once } from "node:events";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { migrate } from "./migrate";

/**
 * Logical backups that need no pg_dump. The embedded Postgres ships no pg_dump, and Debian's
 * pg_dump 15 refuses a newer server, so Vigil writes its own format: gzip'd lines, taken in one
 * REPEATABLE READ snapshot (a consistent cut even while a deployment is live and writing), each
 * table as `#table "Name" <count>` followed by its rows as Postgres's own `row_to_json` text (never
 * parsed in JavaScript, so 64-bit numbers and bytea survive exactly). A header names the migrations
 * the data belongs to; a footer holds row counts and a SHA-256 of every line before it.
 *
 * Restore goes into an EMPTY database: the same committed migrations are applied first (so the
 * append-only triggers exist before any audit row arrives), then tables are filled in foreign-key
 * order and sequences moved past the restored ids. The audit chain is then verified by the caller.
 * Where a force runs its own PostgreSQL, pg_dump/pg_restore of a matching version work as well.
 */
export const BACKUP_FORMAT = "vigil-backup/1";
const FETCH = 1000;

interface Header {
  format: string;
  createdAt: string;
  serverVersion: string;
  migrations: { name: string; checksum: string }[];
}

export interface BackupSummary {
  file: string;
  tables: Record<string, number>;
  sha256: string;
  migrations: number;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function listTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`,
  );
  return rows.map((r) => r.name);
}

/** Tables ordered so every table comes after the tables its foreign keys point to. */
async function foreignKeyOrder(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT cl.relname AS child, pa.relname AS parent FROM pg_constraint k
       JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND cl.relname <> pa.relname`,
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (placed.has(t)) return;
    if (visiting.has(t)) throw new Error(`foreign keys form a cycle through "${t}"`);
    visiting.add(t);
    for (const r of rows) if (r.child === t && tables.includes(r.parent)) visit(r.parent);
    visiting.delete(t);
    placed.add(t);
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t);
  return ordered;
}

/** Writes a backup of the database at `url` to `file`. */
export async function backupDatabase(url: string, file: string): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  const piped = new Promise<void>((resolve, reject) => {
    gzip.pipe(out).on("finish", resolve).on("error", reject);
    gzip.on("error", reject);
  });
  const hash = createHash("sha256");
  const write = async (line: string) => {
    hash.update(line).update("\n");
    if (!gzip.write(line + "\n")) await once(gzip, "drain");
  };
  const tables: Record<string, number> = {};
  let migrations: Header["migrations"] = [];
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const version = (await client.query<{ v: string }>("SHOW server_version")).rows[0].v;
    migrations = (
      await client.query<{ name: string; checksum: string }>(
        `SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      )
    ).rows;
    const header: Header = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), serverVersion: version, migrations };
    await write(JSON.stringify(header));
    for (const table of await foreignKeyOrder(client, await listTables(client))) {
      const count = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table)}`)).rows[0].n);
      tables[table] = count;
      await write(`#table ${JSON.stringify(table)} ${count}`);
      await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${quoteIdent(table)} t`);
      for (;;) {
        const { rows } = await client.query<{ j: string }>(`FETCH ${FETCH} FROM backup_rows`);
        for (const r of rows) await write(r.j);
        if (rows.length < FETCH) break;
      }
      await client.query("CLOSE backup_rows");
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    gzip.destroy();
    throw error;
  } finally {
    await client.end();
  }
  const sha256 = hash.digest("hex");
  gzip.end(`#end ${JSON.stringify({ tables, sha256 })}\n`);
  await piped;
  return { file, tables, sha256, migrations: migrations.length };
}

export class BackupError extends Error {}

/** Reads a backup into an empty database at `url`: migrations, then rows in foreign-key order. */
export async function restoreDatabase(url: string, file: string, migrationsDir?: string): Promise<BackupSummary> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const hash = createHash("sha256");
  const tables: Record<string, number> = {};
  let header: Header | null = null;
  let footer: { tables: Record<string, number>; sha256: string } | null = null;
  let table: string | null = null;
  let batch: string[] = [];
  const flush = async () => {
    if (!table || batch.length === 0) return;
    await client.query(`INSERT INTO ${quoteIdent(table)} SELECT * FROM json_populate_recordset(NULL::${quoteIdent(table)}, $1::json)`, [
      `[${batch.join(",")}]`,
    ]);
    tables[table] = (tables[table] ?? 0) + batch.length;
    batch = [];
  };
  try {
    if ((await listTables(client)).length) throw new BackupError("the target database is not empty: restore into a new, empty database");
    // Created only now: a readline interface made before an await can lose the lines read meanwhile.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let began = false;
    for await (const line of lines) {
      if (line.startsWith("#end ")) {
        footer = JSON.parse(line.slice(5));
        continue;
      }
      if (footer) throw new BackupError("data after the end marker");
      hash.update(line).update("\n");
      if (!header) {
        header = JSON.parse(line) as Header;
        if (header.format !== BACKUP_FORMAT) throw new BackupError(`not a Vigil backup (format ${String(header.format)})`);
        const result = await migrate(url, migrationsDir);
        const known = new Set([...result.applied, ...result.alreadyApplied]);
        const unknown = header.migrations.filter((m) => !known.has(m.name));
        if (unknown.length) throw new BackupError(`the backup needs migrations this version lacks: ${unknown.map((m) => m.name).join(", ")}`);
        await client.query("BEGIN");
        began = true;
        continue;
      }
      const marker = line.match(/^#table (".*") (\d+)$/);
      if (marker) {
        await flush();
        table = JSON.parse(marker[1]) as string;
        tables[table] = 0;
        continue;
      }
      if (!table) throw new BackupError("row before any table marker");
      batch.push(line);
      if (batch.length >= FETCH) await flush();
    }
    await flush();
    if (!header || !footer) throw new BackupError("the backup is truncated (no end marker)");
    const digest = hash.digest("hex");
    if (digest !== footer.sha256) throw new BackupError("the backup's checksum does not match its contents");
    for (const [name, count] of Object.entries(footer.tables)) {
      if ((tables[name] ?? 0) !== count) throw new BackupError(`table "${name}": ${tables[name] ?? 0} rows read, ${count} expected`);
    }
    // Serial and identity columns continue after the restored rows.
    const { rows: serials } = await client.query<{ tbl: string; col: string; seq: string }>(
      `SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
          AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    );
    for (const s of serials) {
      await client.query(`SELECT setval($1, COALESCE((SELECT max(${quoteIdent(s.col)}) FROM ${quoteIdent(s.tbl)}), 0) + 1, false)`, [s.seq]);
    }
    if (began) await client.query("COMMIT");
    return { file, tables, sha256: digest, migrations: header.migrations.length };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
