/**
 * Audit trail benchmark: `npm run bench:audit -- [--writers 32] [--events 100000] [--json]`.
 * In a scratch database on the test Postgres cluster (VIGIL_TEST_PG_PORT, or TEST_PG_ADMIN_URL),
 * side by side in one run, at 1, 8 and --writers concurrent writers: the old globally locked path
 * (a one-row mutation and its record in one transaction, for comparison); the new path with the
 * same mutation and recordAuditEvent in the caller's transaction; and standalone records
 * (appendAuditEvent, one autocommit INSERT, as audited reads and denials write them), with the
 * sequencer running (appends/s, and how fast the chain catches up). Then variants at --writers:
 * a wider pool, the other commit_delay, standalone records each in its own INSERT (through the pg
 * pool and through Prisma), and plain pg transactions. Verifies the chain after the runs (no gap, nothing pending); then fills
 * the chain to N events with correctly chained rows, and times `audit:verify` over the database, a
 * streamed JSON export of everything and its offline verification. Prints figures; asserts nothing.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { GENESIS_HASH, hashEvent } from "../lib/audit/canonical";
import { sequencedRow } from "../lib/audit/verify-chain";
import type { Db, Tx } from "../lib/db/prisma";
import { ensureTestCluster, freshDatabase } from "../lib/testing/test-database";

async function main() {
  const { values } = parseArgs({
    options: { events: { type: "string", default: "100000" }, writers: { type: "string", default: "32" }, json: { type: "boolean", default: false } },
  });
  const maxWriters = Math.max(1, Math.min(128, Number(values.writers) || 32));
  const target = Math.max(1000, Number(values.events));
  const cluster = await ensureTestCluster();
  const url = await freshDatabase(cluster.adminUrl, "vigil_bench_audit");
  process.env.DATABASE_URL = url;
  const { db } = await import("../lib/db/prisma");
  const { createPrismaClient, poolOf } = await import("../lib/db/prisma");
  const { recordAuditEvent } = await import("../lib/audit/record-audit-event");
  const { appendAuditEvent } = await import("../lib/audit/append-audit-event");
  const { AUDIT_INSERT_SQL, auditInsertValues } = await import("../lib/audit/audit-insert");
  const { startAuditSequencer } = await import("../lib/audit/run-audit-sequencer");
  const { AUDIT_CHAIN_LOCK, countPendingAuditEvents, sequenceAuditEvents } = await import("../lib/audit/sequence-audit-events");
  const pg = (await import("pg")).default;
  const client = createPrismaClient(url, new pg.Pool({ connectionString: url, max: maxWriters + 4 }));
  const { verifyAuditTrail } = await import("../lib/audit/verify-audit-trail");
  const { writeCheckpoint } = await import("../lib/audit/write-checkpoint");
  const { planAuditExport, streamAuditExport } = await import("../lib/reports/audit-export");
  const { verifyExportFile } = await import("../lib/audit/verify-export");
  const { loadVerifyKeys } = await import("../lib/audit/signing-key");
  const figures: Record<string, number> = {};
  const log = (s: string) => values.json || console.log(s);
  const actor = { id: "00000000-0000-4000-8000-000000000001", email: "bench@vigil.local", role: "OPERATOR" };
  const details = { alertId: "00000000-0000-4000-8000-00000000abcd", decision: "CONFIRM", note: "bench" };

  /** One event chained by hand as recordAuditEvent's sequencer chains it (`n` names its alert and request). */
  const chainedFields = (seq: bigint, prevHash: string, n: string | null) => ({
    seq,
    occurredAt: new Date(),
    actorId: actor.id,
    actorEmail: actor.email,
    actorRole: actor.role,
    action: "alert.confirm",
    outcome: "ok",
    targetType: n === null ? null : "alert",
    targetId: n === null ? null : `a-${n}`,
    deploymentId: null,
    details,
    requestId: n === null ? null : `r-${n}`,
    ip: null,
    prevHash,
  });

  try {
    // Each writer mutates its own row (as a caller adjudicating its own alert would), so the
    // transactional runs measure a real "change + its record" transaction without row-lock waits.
    await client.$executeRawUnsafe(`CREATE TABLE bench_mutation (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`);
    await client.$executeRawUnsafe(`INSERT INTO bench_mutation (id) SELECT g FROM generate_series(0, ${maxWriters}) g`);
    const mutate = (tx: Tx, w: number) => tx.$executeRaw`UPDATE bench_mutation SET n = n + 1 WHERE id = ${w}`;
    const serverCommitDelay = Number((await client.$queryRaw<{ commit_delay: string }[]>`SHOW commit_delay`)[0].commit_delay);
    const serverCommitSiblings = Number((await client.$queryRaw<{ commit_siblings: string }[]>`SHOW commit_siblings`)[0].commit_siblings);
    figures.serverCommitDelayMicros = serverCommitDelay;
    figures.serverCommitSiblings = serverCommitSiblings;
    /** A client whose connections run with `commit_delay` set for their session (a superuser setting; durability is the same). */
    const clientWith = (max: number, commitDelay?: number) =>
      createPrismaClient(url, new pg.Pool({ connectionString: url, max, options: commitDelay === undefined ? undefined : `-c commit_delay=${commitDelay}` }));
    const appPool = 10; // lib/db/prisma.ts db(): what the app's writers share
    const wide = maxWriters + 4;
    const clients = { app: clientWith(appPool), wide: clientWith(wide), flipped: clientWith(appPool, serverCommitDelay ? 0 : 1000) };

    // The old path, kept here only for comparison: one global lock, read the head, hash, insert.
    const appendLocked = async (c: Db, w: number) =>
      c.$transaction(
        async (tx) => {
          await mutate(tx, w);
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
          const last = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM "AuditEvent" WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`;
          const seq = last.length ? BigInt(last[0].seq) + 1n : 1n;
          const fields = chainedFields(seq, last.length ? last[0].hash : GENESIS_HASH, null);
          await tx.auditEvent.create({ data: { ...fields, hash: hashEvent(fields) } });
        },
        { maxWait: 60_000, timeout: 60_000 },
      );
    // New, a mutation and its record in the caller's interactive transaction (recordAuditEvent).
    const appendInTx = (c: Db, w: number) =>
      c.$transaction(
        async (tx) => {
          await mutate(tx, w);
          await recordAuditEvent(tx, { actor, action: "alert.confirm", details });
        },
        { maxWait: 60_000, timeout: 60_000 },
      );
    // New, a record that stands alone (an audited read, a denial): one autocommit statement.
    const appendStandalone = (c: Db) => appendAuditEvent({ actor, action: "access.read_alert_image", details }, c);
    // For comparison: each standalone record in its own INSERT (no sharing), through the pg pool and through Prisma.
    const appendStandaloneUnbatched = (c: Db) =>
      poolOf(c).query({ name: "vigil_audit_insert", text: AUDIT_INSERT_SQL, values: auditInsertValues({ actor, action: "access.read_alert_image", details }) });
    const appendStandaloneViaPrisma = (c: Db) =>
      c.$queryRawUnsafe(AUDIT_INSERT_SQL, ...auditInsertValues({ actor, action: "access.read_alert_image", details }));

    const append = async (n: number, writers: number, one: (w: number) => Promise<unknown>) => {
      for (let w = 0; w < writers; w++) await one(w); // open the pool's connections first
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          while (next++ < n) await one(w);
        }),
      );
      return Math.round(n / ((performance.now() - t) / 1000));
    };
    const counts = [...new Set([1, 8, maxWriters])].sort((a, b) => a - b);
    const perRun = (w: number) => Math.max(500, Math.min(4000, w * 250));
    const line = (label: string, key: string) =>
      log(`  ${label.padEnd(62)} ${counts.map((w) => `${String(figures[`${key}${w}Writers`]).padStart(5)}/s`).join(" ")}`);

    const sequencer = startAuditSequencer({ url, client });
    const run = async (key: string, w: number, one: (k: number) => Promise<unknown>, n = perRun(w)) => {
      const before = sequencer.sequenced();
      const t = performance.now();
      const rate = await append(n, w, one);
      // Appends are durable at commit; the chain catches up behind them.
      while ((await countPendingAuditEvents(client)) > 0) await new Promise((r) => setTimeout(r, 5));
      figures[`${key.replace("AppendPerSecond", "SequencedPerSecond")}${w}Writers`] = Math.round(
        (sequencer.sequenced() - before) / ((performance.now() - t) / 1000),
      );
      return rate;
    };
    // Writer counts in turn, the three kinds back to back at each, so a change in the machine's load
    // between runs falls on all three alike.
    for (const w of counts) {
      figures[`lockedAppendPerSecond${w}Writers`] = await append(perRun(w), w, (k) => appendLocked(clients.app, k));
      figures[`txAppendPerSecond${w}Writers`] = await run("txAppendPerSecond", w, (k) => appendInTx(clients.app, k));
      figures[`standaloneAppendPerSecond${w}Writers`] = await run("standaloneAppendPerSecond", w, () => appendStandalone(clients.app));
    }
    log(`appends per second at ${counts.join(" / ")} writers (pool of ${appPool} connections as in the app), sequencer running:`);
    line("old: mutation + record under the global lock (one tx)", "lockedAppendPerSecond");
    line("new: mutation + record in the caller's transaction", "txAppendPerSecond");
    line("new: standalone record, autocommit INSERTs shared (reads, denials)", "standaloneAppendPerSecond");
    line("  chain caught up (standalone runs, until the last is sequenced)", "standaloneSequencedPerSecond");

    // Variants at --writers, in two interleaved rounds (mean of both), each beside its baseline.
    const W = maxWriters;
    const flipped = serverCommitDelay ? 0 : 1000;
    figures.flippedCommitDelayMicros = flipped;
    const variants: [key: string, label: string, one: (k: number) => Promise<unknown>][] = [
      ["txAppPoolAppendPerSecond", `in the caller's transaction, pool of ${appPool} (baseline)`, (k) => appendInTx(clients.app, k)],
      ["txWidePoolAppendPerSecond", `in the caller's transaction, pool of ${wide}`, (k) => appendInTx(clients.wide, k)],
      ["txFlippedDelayAppendPerSecond", `in the caller's transaction, session commit_delay=${flipped} µs`, (k) => appendInTx(clients.flipped, k)],
      ["standaloneAppPoolAppendPerSecond", `standalone, shared INSERTs, pool of ${appPool} (baseline)`, () => appendStandalone(clients.app)],
      ["standaloneWidePoolAppendPerSecond", `standalone, pool of ${wide}`, () => appendStandalone(clients.wide)],
      ["standaloneFlippedDelayAppendPerSecond", `standalone, session commit_delay=${flipped} µs`, () => appendStandalone(clients.flipped)],
      ["standaloneUnbatchedAppendPerSecond", "standalone, one INSERT per record (not shared), pg pool", () => appendStandaloneUnbatched(clients.app)],
      ["standaloneViaPrismaAppendPerSecond", "standalone, one INSERT per record, through Prisma", () => appendStandaloneViaPrisma(clients.app)],
    ];
    const rounds: Record<string, number[]> = {};
    for (let round = 0; round < 2; round++) {
      for (const [key, , one] of round ? [...variants].reverse() : variants) (rounds[key] ??= []).push(await run(key, W, one, perRun(W) / 2));
    }
    log(`variants at ${W} writers, mean of two interleaved rounds (server commit_delay=${serverCommitDelay} µs, commit_siblings=${serverCommitSiblings}):`);
    for (const [key, label] of variants) {
      figures[`${key}${W}Writers`] = Math.round(rounds[key].reduce((a, b) => a + b, 0) / rounds[key].length);
      log(`  ${label.padEnd(62)} ${String(figures[`${key}${W}Writers`]).padStart(5)}/s  (${rounds[key].join(", ")})`);
    }
    const at = (label: string, key: string) => log(`  ${label.padEnd(62)} ${String(figures[key]).padStart(5)}/s at ${W} writers`);
    figures.sequencerWasLeader = sequencer.isLeader() ? 1 : 0;
    await sequencer.stop();
    {
      // The same INSERT in plain pg transactions (BEGIN, INSERT, COMMIT), without Prisma: the database's share.
      const pool = new pg.Pool({ connectionString: url, max: appPool });
      const rawOne = async () => {
        const c = await pool.connect();
        try {
          await c.query("BEGIN");
          await c.query(AUDIT_INSERT_SQL, auditInsertValues({ actor, action: "alert.confirm", details }));
          await c.query("COMMIT");
        } finally {
          c.release();
        }
      };
      figures[`plainPgTxAppendPerSecond${W}Writers`] = await append(perRun(W), W, rawOne);
      await pool.end();
      await sequenceAuditEvents(client);
      at("the INSERT alone in plain pg transactions (no Prisma, no mutation)", `plainPgTxAppendPerSecond${W}Writers`);
    }
    for (const c of Object.values(clients)) await c.$disconnect();
    figures.loadAverage1m = Math.round(os.loadavg()[0] * 10) / 10;
    log(`machine: ${os.cpus().length} cores, load average ${figures.loadAverage1m} (1 min) at the end of the append runs`);
    const afterAppends = await verifyAuditTrail(client);
    figures.chainOkAfterAppends = afterAppends.chain.ok ? 1 : 0;
    figures.chainEventsAfterAppends = afterAppends.chain.events;
    log(
      `chain after the append runs: ${afterAppends.chain.ok ? `verifies (${afterAppends.chain.events} events, ${afterAppends.pending} pending)` : `BROKEN: ${afterAppends.chain.reason}`}`,
    );
    if (!afterAppends.chain.ok) throw new Error("chain did not verify after the append runs");

    // Fill to N with rows chained exactly as recordAuditEvent chains them.
    const head = sequencedRow(await db().auditEvent.findFirstOrThrow({ where: { seq: { not: null } }, orderBy: { seq: "desc" } }));
    let prev = head.hash;
    let seq = head.seq;
    const fillStart = performance.now();
    while (seq < BigInt(target)) {
      const rows = [];
      for (let i = 0; i < 2000 && seq < BigInt(target); i++) {
        seq++;
        const fields = chainedFields(seq, prev, `${seq}`);
        const hash = hashEvent(fields);
        rows.push({ ...fields, hash });
        prev = hash;
      }
      await db().auditEvent.createMany({ data: rows });
    }
    log(`filled to ${target} events in ${Math.round(performance.now() - fillStart)} ms`);
    await writeCheckpoint();

    const v0 = performance.now();
    const report = await verifyAuditTrail();
    figures.verifyMs = Math.round(performance.now() - v0);
    if (!report.chain.ok) throw new Error(`bench chain did not verify: ${report.chain.reason}`);
    figures.verifyEventsPerSecond = Math.round(report.chain.events / (figures.verifyMs / 1000));
    log(`audit:verify over ${report.chain.events} events: ${figures.verifyMs} ms (${figures.verifyEventsPerSecond} events/s)`);

    const e0 = performance.now();
    const rss0 = process.memoryUsage().rss;
    let bytes = 0;
    const parts: string[] = [];
    const decoder = new TextDecoder();
    const reader = streamAuditExport(await planAuditExport({}), "json").getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      parts.push(decoder.decode(value, { stream: true }));
    }
    figures.exportMs = Math.round(performance.now() - e0);
    figures.exportMiB = Math.round((bytes / 2 ** 20) * 10) / 10;
    log(
      `streamed JSON export of ${Math.min(target, 200_000)} events: ${figures.exportMs} ms, ${figures.exportMiB} MiB (rss grew ${Math.round((process.memoryUsage().rss - rss0) / 2 ** 20)} MiB, including the bench keeping the text)`,
    );

    const o0 = performance.now();
    const verdict = verifyExportFile(JSON.parse(parts.join("")), loadVerifyKeys());
    figures.offlineVerifyMs = Math.round(performance.now() - o0);
    if (!verdict.ok) throw new Error(`export did not verify: ${verdict.reason}`);
    log(`offline verification of the export (parse + chain + signatures): ${figures.offlineVerifyMs} ms`);
    if (values.json) console.log(JSON.stringify({ events: target, ...figures }));
  } finally {
    await client.$disconnect();
    await db().$disconnect();
    await cluster.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
