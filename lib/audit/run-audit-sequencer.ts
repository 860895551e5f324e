import "server-only";
import pg from "pg";
import { db, type Db } from "@/lib/db/prisma";
import { resolveDatabaseUrl } from "@/lib/db/database-url";
import { sequenceAuditEvents } from "./sequence-audit-events";
import { AUDIT_PENDING_CHANNEL } from "./wake-audit-sequencer";

/** Session advisory lock held, for as long as its connection lives, by the cluster's one sequencer. */
export const AUDIT_SEQUENCER_LEADER_LOCK = 4_242_002;

export interface AuditSequencerOptions {
  /** Database to sequence (default: the app's DATABASE_URL and its Prisma client). */
  url?: string;
  client?: Db;
  /** Poll interval while leader, for records whose wake-up came before their commit or was lost (default 100 ms). */
  pollMs?: number;
  /** How often a standby tries to take over the leader lock (default 1 s). */
  standbyMs?: number;
  log?: (line: string) => void;
}

export interface AuditSequencer {
  /** Whether this process currently holds the leader lock. */
  isLeader(): boolean;
  /** Rows this process has sequenced since it started. */
  sequenced(): number;
  /** Stops the loop and releases the lock (closing the connection releases it too). */
  stop(): Promise<void>;
}

/**
 * Runs the audit sequencer for a cluster of app processes. Every process starts one; exactly one
 * wins the session advisory lock (on its own dedicated connection, never a pooled one) and becomes
 * the leader: it LISTENs for the writers' NOTIFY (wake-audit-sequencer.ts) and also polls, and on each wake-up
 * sequences everything committed and pending. The others stand by and retry the lock; when the
 * leader dies, its connection closes, Postgres releases the lock, and a standby takes over within
 * `standbyMs`. Correctness never depends on there being only one: sequencing itself takes the chain
 * lock, so even two leaders would just take turns.
 */
export function startAuditSequencer(opts: AuditSequencerOptions = {}): AuditSequencer {
  const url = opts.url ?? resolveDatabaseUrl();
  const client = opts.client ?? db();
  const pollMs = opts.pollMs ?? 100;
  const standbyMs = opts.standbyMs ?? 1000;
  const log = opts.log ?? (() => {});
  let stopped = false;
  let leader = false;
  let total = 0;
  let conn: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const schedule = (ms: number, fn: () => void) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(fn, ms);
    timer.unref?.();
  };

  // One sequencing pass at a time; a wake-up during a pass makes it run once more.
  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        // A cheap look first (index on seq), so an idle poll opens no transaction and takes no lock.
        if (!(await client.auditEvent.findFirst({ where: { seq: null }, select: { id: true } }))) continue;
        const r = await sequenceAuditEvents(client);
        total += r.sequenced;
      } while (again && !stopped);
    })()
      .catch((error) => log(`audit sequencing failed: ${(error as Error).message}`))
      .finally(() => {
        running = null;
      });
    return running;
  };

  const poll = () => {
    if (!leader || stopped) return;
    void drain().then(() => schedule(pollMs, poll));
  };

  const lose = (why: string) => {
    if (leader) log(`audit sequencer lost leadership: ${why}`);
    leader = false;
    const c = conn;
    conn = null;
    c?.end().catch(() => {});
    schedule(standbyMs, attempt);
  };

  const attempt = async () => {
    if (stopped) return;
    try {
      if (!conn) {
        const c = new pg.Client({ connectionString: url, application_name: "vigil-audit-sequencer" });
        c.on("error", (error) => lose(error.message));
        c.on("end", () => conn === c && lose("connection closed"));
        await c.connect();
        conn = c;
      }
      const { rows } = await conn.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [AUDIT_SEQUENCER_LEADER_LOCK]);
      if (stopped) return;
      if (!rows[0].ok) return schedule(standbyMs, attempt);
      leader = true;
      log("audit sequencer elected");
      conn.on("notification", () => void drain());
      await conn.query(`LISTEN ${AUDIT_PENDING_CHANNEL}`);
      poll();
    } catch (error) {
      lose((error as Error).message);
    }
  };

  void attempt();

  return {
    isLeader: () => leader,
    sequenced: () => total,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      const c = conn;
      conn = null;
      leader = false;
      if (c) {
        await c.query(`SELECT pg_advisory_unlock_all()`).catch(() => {});
        await c.end().catch(() => {});
      }
    },
  };
}
