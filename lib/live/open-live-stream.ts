import "server-only";
import { db } from "@/lib/db/prisma";
import { registerOpenStream } from "@/lib/http/shutdown";
import { metrics } from "@/lib/observability/metrics";
import { liveBus } from "./live-bus";
import { LIVE_PUBLISH_LOCK } from "./publish-live-event";

const BATCH = 500;
/** A resume further back than this many seqs starts at head − REPLAY_LIMIT (the console reconciles). */
const REPLAY_LIMIT = 50_000;
const HEARTBEAT_MS = 15_000;
const SAFETY_POLL_MS = 5_000;
/** How often a stream holding back events re-checks whether the writers it waits for have ended. */
const GAP_POLL_MS = 15;

/*
 * Why a plain `seq > cursor` read drops events, and how this one cannot.
 *
 * A LiveEvent's seq is drawn (nextval) when its INSERT runs, but the row becomes visible only when
 * its transaction commits, and transactions commit in any order. A reader that sees seq 11 and
 * advances its cursor to 11 while seq 10 is still uncommitted never reads 10 (issue 10: 10 of 309
 * alerts lost under 8 writers). Holes also appear for good when a transaction that drew a seq
 * rolls back. So a reader must tell "not committed yet" from "never will be".
 *
 * Method (gap resolution with the publishers' shared lock):
 *  1. Every publisher takes pg_advisory_xact_lock_shared(LIVE_PUBLISH_LOCK) BEFORE it draws its
 *     seq, and holds it until its transaction ends (xact locks are released at commit/abort,
 *     after the transaction's effects are visible to new snapshots). Share mode: writers never
 *     wait for one another, and nobody takes the lock exclusively.
 *  2. A stream reads the unfiltered seqs above its cursor in one snapshot S. It delivers the
 *     contiguous run cursor+1, cursor+2, … and stops at the first missing seq g, holding back
 *     everything above it. Let M be the highest seq visible in S.
 *  3. It then (after S) lists the transactions that hold the publish lock (pg_locks), and waits
 *     until none of those still holds it (i.e. all have committed or rolled back).
 *  4. After that, every seq <= M is final: re-reading in a new snapshot S' shows each one that
 *     will ever exist, and a seq <= M still missing in S' is skipped for good.
 * Proof of 4: let g <= M be drawn by transaction T. Sequences hand out values in increasing order
 * (Prisma's autoincrement is a serial with CACHE 1), so T drew g no later than M was drawn, which
 * was before M's transaction committed, which was before S. T took the lock before drawing g, so
 * from before S until T ends, T holds the lock. The list in step 3 is read after S, so if T had
 * not ended by then, T is in that list and step 3 waits for it; either way T has ended before S'
 * is taken, so if T committed, g is visible in S'. No transaction's seq <= M can appear later.
 * (pg_snapshot_xip() alone is not enough: a running transaction whose xid is above the
 * snapshot's xmax, or which has no xid yet when its seq is drawn, is not listed in it.)
 *
 * The resolved horizon is shared by every stream of this process (one waiter, one pg_locks poll).
 * Ids stay the seq, strictly increasing per stream, so Last-Event-ID resume is exact: the
 * stream resumes after the last id the browser got, through the same gap rules. A fresh stream
 * starts after the last seq that is final at connect time, skipping what was already committed.
 */

class LiveFinality {
  /** Every seq <= finalUpTo is final: it is visible, or it will never exist. */
  private finalUpTo = 0n;
  private wanted = 0n;
  private running: Promise<void> | null = null;

  isFinal(seq: bigint): boolean {
    return seq <= this.finalUpTo;
  }

  /**
   * Resolves when every seq <= horizon is final. The caller must have seen `horizon` committed
   * (in a snapshot taken before this call).
   */
  async ensureFinal(horizon: bigint): Promise<void> {
    if (horizon <= this.finalUpTo) return;
    if (horizon > this.wanted) this.wanted = horizon;
    while (horizon > this.finalUpTo) {
      if (!this.running) this.running = this.resolve().finally(() => (this.running = null));
      await this.running;
    }
  }

  private async resolve(): Promise<void> {
    const target = this.wanted;
    let waiting = await publishLockHolders();
    while (waiting.length) {
      await new Promise((r) => setTimeout(r, GAP_POLL_MS));
      const now = new Set(await publishLockHolders());
      waiting = waiting.filter((v) => now.has(v));
    }
    if (target > this.finalUpTo) this.finalUpTo = target;
  }
}

/** Virtual transaction ids of the transactions holding the publish lock in this database now. */
async function publishLockHolders(): Promise<string[]> {
  const rows = await db().$queryRaw<{ vxid: string }[]>`
    SELECT virtualtransaction AS vxid FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND classid = 0 AND objsubid = 1
      AND objid = ${LIVE_PUBLISH_LOCK}::int::oid
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return rows.map((r) => r.vxid);
}

const globalForFinality = globalThis as unknown as { vigilLiveFinality?: LiveFinality };
function finality(): LiveFinality {
  if (!globalForFinality.vigilLiveFinality) globalForFinality.vigilLiveFinality = new LiveFinality();
  return globalForFinality.vigilLiveFinality;
}

interface Row {
  seq: bigint;
  type: string;
  payload: unknown;
  mine: boolean;
  deploymentId: string | null;
}

async function readAfter(cursor: bigint, deploymentId: string | null): Promise<Row[]> {
  // Unfiltered seqs (gaps are judged on the whole log); payloads only for this stream's events.
  return db().$queryRaw<Row[]>`
    SELECT seq, type, "deploymentId"::text AS "deploymentId",
      ("deploymentId" IS NULL OR ${deploymentId}::uuid IS NULL OR "deploymentId" = ${deploymentId}::uuid) AS mine,
      CASE WHEN ("deploymentId" IS NULL OR ${deploymentId}::uuid IS NULL OR "deploymentId" = ${deploymentId}::uuid) THEN payload END AS payload
    FROM "LiveEvent" WHERE seq > ${cursor} ORDER BY seq ASC LIMIT ${BATCH}`;
}

/** The seq a fresh stream starts after: the head, once every seq up to it is final. */
async function startingPoint(): Promise<bigint> {
  const head = (await db().liveEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
  // Events up to head that commit after this point were raised before the page connected; the
  // console's first load (and its reconciliation) covers them. Waiting makes `head` a true
  // boundary: nothing <= head can appear later and be skipped silently... or be sent twice.
  await finality().ensureFinal(head);
  return head;
}

/**
 * A Server-Sent Events stream of the live log. With a Last-Event-ID it first replays what the
 * browser missed (bounded), then follows new events as NOTIFY wakes it (and a slow poll, in case
 * a notification was lost while the LISTEN connection reconnected). Never skips an event that
 * can still commit, never sends one twice (see the method above).
 */
export async function openLiveStream(opts: {
  deploymentId: string | null;
  deploymentIds?: string[] | null;
  resumeFrom: bigint | null;
  signal: AbortSignal;
  once?: boolean;
}): Promise<Response> {
  let cursor: bigint;
  if (opts.resumeFrom === null) cursor = await startingPoint();
  else {
    const head = (await db().liveEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
    cursor = head - opts.resumeFrom > BigInt(REPLAY_LIMIT) ? head - BigInt(REPLAY_LIMIT) : opts.resumeFrom;
  }
  const encoder = new TextEncoder();
  const bus = liveBus();
  const final = finality();
  let closed = false;
  let busy = false;
  let again = false;
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      /** One pass: deliver the contiguous (or final) run above the cursor; true if it should read again now. */
      const step = async (): Promise<boolean> => {
        const rows = await readAfter(cursor, opts.deploymentId);
        // The caller's roster (lib/deployments/assert-deployment-access.ts): null sees every deployment.
        const roster = opts.deploymentIds ?? null;
        for (const row of rows) if (roster && row.deploymentId !== null && !roster.includes(row.deploymentId)) row.mine = false;
        if (!rows.length) return false;
        let blockedAt: bigint | null = null;
        for (const row of rows) {
          if (row.seq !== cursor + 1n && !final.isFinal(row.seq - 1n)) {
            blockedAt = row.seq;
            break;
          }
          if (row.mine) {
            send(`id: ${row.seq}\nevent: ${row.type}\ndata: ${JSON.stringify(row.payload)}\n\n`);
            metrics().liveEventsDelivered.inc({ type: row.type });
          }
          cursor = row.seq;
        }
        if (blockedAt === null) return rows.length === BATCH;
        // A missing seq below a committed one: wait until everything up to the highest seq seen is final.
        await final.ensureFinal(rows[rows.length - 1].seq);
        return true;
      };
      const pump = async () => {
        if (busy) {
          again = true;
          return;
        }
        busy = true;
        try {
          do {
            again = false;
            if (await step()) again = true;
          } while (again && !closed);
        } catch {
          // The next wake or poll tries again; the browser keeps its Last-Event-ID.
        } finally {
          busy = false;
        }
      };
      const onWake = () => void pump();
      bus.on("wake", onWake);
      const heartbeat = setInterval(() => send(`: ping ${Date.now()}\n\n`), HEARTBEAT_MS);
      const poll = setInterval(() => void pump(), SAFETY_POLL_MS);
      metrics().liveSubscribers.inc();
      cleanup = () => {
        if (closed) return;
        closed = true;
        metrics().liveSubscribers.dec();
        unregister();
        bus.off("wake", onWake);
        clearInterval(heartbeat);
        clearInterval(poll);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const unregister = registerOpenStream(() => cleanup()); // closed on SIGTERM (lib/http/shutdown.ts)
      opts.signal.addEventListener("abort", cleanup);
      send(`retry: 2000\n: connected at ${cursor}\n\n`);
      if (opts.once) void pump().then(cleanup);
      else void pump();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
