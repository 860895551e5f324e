/**
 * Audit trail benchmark: `npx tsx --conditions=react-server scripts/bench-audit.ts [--events 100000] [--json]`.
 * In a scratch database on the test Postgres cluster (VIGIL_TEST_PG_PORT, or TEST_PG_ADMIN_URL):
 * appends through recordAuditEvent (one transaction each, 1 and 8 concurrent writers), then fills
 * the chain to N events with correctly chained rows, and times `audit:verify` over the database, a
 * streamed JSON export of everything and its offline verification. Prints figures; asserts nothing.
 */
import { parseArgs } from "node:util";
import { hashEvent } from "../lib/audit/canonical";
import { ensureTestCluster, freshDatabase } from "../lib/testing/test-database";

async function main() {
  const { values } = parseArgs({ options: { events: { type: "string", default: "100000" }, json: { type: "boolean", default: false } } });
  const target = Math.max(1000, Number(values.events));
  const cluster = await ensureTestCluster();
  const url = await freshDatabase(cluster.adminUrl, "vigil_bench_audit");
  process.env.DATABASE_URL = url;
  const { db } = await import("../lib/db/prisma");
  const { recordAuditEvent } = await import("../lib/audit/record-audit-event");
  const { verifyAuditTrail } = await import("../lib/audit/verify-audit-trail");
  const { writeCheckpoint } = await import("../lib/audit/write-checkpoint");
  const { planAuditExport, streamAuditExport } = await import("../lib/reports/audit-export");
  const { verifyExportFile } = await import("../lib/audit/verify-export");
  const { loadVerifyKeys } = await import("../lib/audit/signing-key");
  const figures: Record<string, number> = {};
  const log = (s: string) => values.json || console.log(s);
  const actor = { id: "00000000-0000-4000-8000-000000000001", email: "bench@vigil.local", role: "OPERATOR" };
  const details = { alertId: "00000000-0000-4000-8000-00000000abcd", decision: "CONFIRM", note: "bench" };

  try {
    const append = async (n: number, writers: number) => {
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next++ < n) await db().$transaction((tx) => recordAuditEvent(tx, { actor, action: "alert.confirm", details }), { maxWait: 30_000, timeout: 60_000 });
        }),
      );
      return n / ((performance.now() - t) / 1000);
    };
    figures.appendPerSecond1Writer = Math.round(await append(1000, 1));
    figures.appendPerSecond8Writers = Math.round(await append(1000, 8));
    log(`append via recordAuditEvent: ${figures.appendPerSecond1Writer}/s with 1 writer, ${figures.appendPerSecond8Writers}/s with 8 concurrent writers`);

    // Fill to N with rows chained exactly as recordAuditEvent chains them.
    const head = await db().auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    let prev = head.hash;
    let seq = head.seq;
    const fillStart = performance.now();
    while (seq < BigInt(target)) {
      const rows = [];
      for (let i = 0; i < 2000 && seq < BigInt(target); i++) {
        seq++;
        const fields = { seq, occurredAt: new Date(), actorId: actor.id, actorEmail: actor.email, actorRole: actor.role, action: "alert.confirm", outcome: "ok", targetType: "alert", targetId: `a-${seq}`, deploymentId: null, details, requestId: `r-${seq}`, ip: null, prevHash: prev };
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
    log(`streamed JSON export of ${Math.min(target, 200_000)} events: ${figures.exportMs} ms, ${figures.exportMiB} MiB (rss grew ${Math.round((process.memoryUsage().rss - rss0) / 2 ** 20)} MiB, including the bench keeping the text)`);

    const o0 = performance.now();
    const verdict = verifyExportFile(JSON.parse(parts.join("")), loadVerifyKeys());
    figures.offlineVerifyMs = Math.round(performance.now() - o0);
    if (!verdict.ok) throw new Error(`export did not verify: ${verdict.reason}`);
    log(`offline verification of the export (parse + chain + signatures): ${figures.offlineVerifyMs} ms`);
    if (values.json) console.log(JSON.stringify({ events: target, ...figures }));
  } finally {
    await db().$disconnect();
    await cluster.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
