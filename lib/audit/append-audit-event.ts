import "server-only";
import type pg from "pg";
import { db, poolOf, statementName, type Db } from "@/lib/db/prisma";
import { metrics } from "@/lib/observability/metrics";
import { AUDIT_INSERT_MANY_SQL, AUDIT_INSERT_SQL, auditInsertArrays, auditInsertValues } from "./audit-insert";
import type { AuditInput, PendingAuditEvent } from "./record-audit-event";
import { wakeAuditSequencer } from "./wake-audit-sequencer";

/** Standalone INSERTs in flight at once per pool: the rest wait and go together in the next one. */
const MAX_IN_FLIGHT = 4;
/** Records per INSERT at most. */
const MAX_BATCH = 256;

interface Waiting {
  input: AuditInput;
  resolve: (event: PendingAuditEvent) => void;
  reject: (error: unknown) => void;
}

interface Appender {
  queue: Waiting[];
  inFlight: number;
}

const appenders = new WeakMap<pg.Pool, Appender>();

const insertOne = async (pool: pg.Pool, input: AuditInput): Promise<PendingAuditEvent> => {
  const { rows } = await pool.query<{ id: string }>({ name: statementName(AUDIT_INSERT_SQL), text: AUDIT_INSERT_SQL, values: auditInsertValues(input) });
  return { id: BigInt(rows[0].id) };
};

async function flush(pool: pg.Pool, appender: Appender): Promise<void> {
  const batch = appender.queue.splice(0, MAX_BATCH);
  if (!batch.length) return;
  appender.inFlight++;
  try {
    if (batch.length === 1) {
      const [one] = batch;
      await insertOne(pool, one.input).then(one.resolve, one.reject);
    } else {
      try {
        const { rows } = await pool.query<{ id: string }>({
          name: statementName(AUDIT_INSERT_MANY_SQL),
          text: AUDIT_INSERT_MANY_SQL,
          values: auditInsertArrays(batch.map((w) => w.input)),
        });
        const ids = rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        batch.forEach((w, i) => w.resolve({ id: ids[i] }));
      } catch (error) {
        // A bad record (a data error, SQLSTATE class 22 or 23) fails the whole statement, which then
        // committed nothing: write each alone, so each caller gets its own answer. Any other failure
        // (a lost connection: did it commit?) is everyone's answer; nothing is written twice.
        const code = (error as { code?: unknown }).code;
        if (typeof code !== "string" || !/^2[23]/.test(code)) batch.forEach((w) => w.reject(error));
        else await Promise.all(batch.map((w) => insertOne(pool, w.input).then(w.resolve, w.reject)));
      }
    }
  } finally {
    appender.inFlight--;
    if (appender.queue.length) void flush(pool, appender);
  }
}

/**
 * Writes one audit record that stands alone: an event with no change of state beside it (an
 * audited read of biometric data, an export, a denied request, a refused sign-in). It needs no
 * interactive transaction: the record is committed by one autocommit INSERT, and is durable
 * (committed and flushed as every other commit) before this returns, so a caller that serves
 * bytes after it has its access on the record first.
 *
 * Appends that arrive together share that INSERT: up to MAX_IN_FLIGHT statements run at once per
 * pool, and records that arrive meanwhile wait for the next one and go in together (the same
 * idea as Postgres's group commit, one level up). A lone append goes out at once, with no timer.
 * Every caller returns only after the statement holding its record has committed, and a statement
 * that a bad record fails is retried record by record, so that record fails only its own caller.
 *
 * Never use it for the record of a mutation: that record belongs in the mutation's transaction
 * (recordAuditEvent), so the change and its record commit together or not at all.
 */
export async function appendAuditEvent(input: AuditInput, client: Db = db()): Promise<PendingAuditEvent> {
  const stop = metrics().auditAppend.startTimer();
  const pool = poolOf(client);
  let appender = appenders.get(pool);
  if (!appender) appenders.set(pool, (appender = { queue: [], inFlight: 0 }));
  const done = new Promise<PendingAuditEvent>((resolve, reject) => appender.queue.push({ input, resolve, reject }));
  if (appender.inFlight < MAX_IN_FLIGHT) void flush(pool, appender);
  const event = await done;
  stop();
  wakeAuditSequencer();
  return event;
}
