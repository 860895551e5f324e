/**
 * Audit trail benchmark: `npm run bench:audit -- [--writers 32] [--events 100000] [--json]`.
 * In a scratch database on the test Postgres cluster (VIGIL_TEST_PG_PORT, or TEST_PG_ADMIN_URL):
 * appends (one transaction each) at 1, 8 and --writers concurrent writers, first through the old
 * globally locked path (for comparison), then through recordAuditEvent with the sequencer running
 * (appends/s, and how fast the chain catches up); verifies the chain after the runs; then fills
 * the chain to N events with correctly chained rows, and times `audit:verify` over the database, a
 * streamed JSON export of everything and its offline verification. Prints figures; asserts nothing.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { GENESIS_HASH, hashEvent } from "../lib/audit/canonical";
import { sequencedRow } from "../lib/audit/verify-chain";
import type { Tx } from "../lib/db/prisma";
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
  const { createPrismaClient } = await import("../lib/db/prisma");
  const { recordAuditEvent } = await import("../lib/audit/record-audit-event");
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
    // The old path, kept here only for comparison: one global lock, read the head, hash, insert.
    const appendLocked = async (tx: Tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
      const last = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM "AuditEvent" WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`;
      const seq = last.length ? BigInt(last[0].seq) + 1n : 1n;
      const fields = chainedFields(seq, last.length ? last[0].hash : GENESIS_HASH, null);
      await tx.auditEvent.create({ data: { ...fields, hash: hashEvent(fields) } });
    };
    const appendNew = (tx: Tx) => recordAuditEvent(tx, { actor, action: "alert.confirm", details });
    const append = async (n: number, writers: number, one: (tx: Tx) => Promise<unknown>) => {
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next++ < n) await client.$transaction(one, { maxWait: 60_000, timeout: 60_000 });
        }),
      );
      return n / ((performance.now() - t) / 1000);
    };
    const counts = [...new Set([1, 8, maxWriters])].sort((a, b) => a - b);
    const perRun = (w: number) => Math.max(500, Math.min(4000, w * 250));

    for (const w of counts) figures[`lockedAppendPerSecond${w}Writers`] = Math.round(await append(perRun(w), w, appendLocked));
    log(
      `old locked path (global advisory lock, for comparison): ${counts.map((w) => `${figures[`lockedAppendPerSecond${w}Writers`]}/s with ${w}`).join(", ")} writer(s)`,
    );

    const sequencer = startAuditSequencer({ url, client });
    for (const w of counts) {
      const before = sequencer.sequenced();
      const t = performance.now();
      figures[`appendPerSecond${w}Writers`] = Math.round(await append(perRun(w), w, appendNew));
      // Appends are durable at commit; the chain catches up behind them.
      while ((await countPendingAuditEvents(client)) > 0) await new Promise((r) => setTimeout(r, 5));
      figures[`sequencedPerSecond${w}Writers`] = Math.round((sequencer.sequenced() - before) / ((performance.now() - t) / 1000));
    }
    figures.sequencerWasLeader = sequencer.isLeader() ? 1 : 0;
    await sequencer.stop();
    log(
      `unsequenced appends + sequencer (pool of ${maxWriters + 4} connections): ${counts.map((w) => `${figures[`appendPerSecond${w}Writers`]}/s with ${w}`).join(", ")} writer(s)`,
    );
    log(
      `  chain caught up at: ${counts.map((w) => `${figures[`sequencedPerSecond${w}Writers`]}/s with ${w}`).join(", ")} writer(s) (appends until the last is sequenced)`,
    );
    {
      // The same INSERT in plain pg transactions (BEGIN, INSERT, COMMIT), without Prisma: the database's share.
      const pool = new pg.Pool({ connectionString: url, max: maxWriters + 4 });
      const rawOne = async () => {
        const c = await pool.connect();
        try {
          await c.query("BEGIN");
          await c.query(
            `INSERT INTO "AuditEvent" ("occurredAt", "actorId", "actorEmail", "actorRole", action, details) VALUES (now(), $1, $2, $3, 'alert.confirm', $4)`,
            [actor.id, actor.email, actor.role, JSON.stringify(details)],
          );
          await c.query("COMMIT");
        } finally {
          c.release();
        }
      };
      const t = performance.now();
      let next = 0;
      const n = perRun(maxWriters);
      await Promise.all(
        Array.from({ length: maxWriters }, async () => {
          while (next++ < n) await rawOne();
        }),
      );
      figures[`plainPgAppendPerSecond${maxWriters}Writers`] = Math.round(n / ((performance.now() - t) / 1000));
      await pool.end();
      await sequenceAuditEvents(client);
      log(`  the same insert in plain pg transactions (no Prisma), ${maxWriters} writers: ${figures[`plainPgAppendPerSecond${maxWriters}Writers`]}/s`);
    }
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
