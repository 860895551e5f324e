import "server-only";
import type { Tx } from "@/lib/db/prisma";
import type { LiveEventType } from "./live-schemas";

export type { LiveEventType } from "./live-schemas";

export const LIVE_CHANNEL = "vigil_live";

/**
 * Advisory-lock key every publisher holds in SHARE mode from just before it takes its seq until
 * its transaction ends. Nobody takes it exclusively, so it never blocks a writer; it only lets a
 * reader list the transactions that may still commit a seq (see open-live-stream.ts).
 */
export const LIVE_PUBLISH_LOCK = 4_242_101;

/**
 * Appends an event to the live log and notifies every app instance through Postgres
 * NOTIFY, which is delivered only when the surrounding transaction commits, so listeners never
 * see an event whose change was rolled back.
 */
export async function publishLiveEvent(tx: Tx, event: { type: LiveEventType; deploymentId: string | null; payload: object }): Promise<bigint> {
  // Must come before the INSERT draws its seq: see resolveLiveGaps in open-live-stream.ts.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${LIVE_PUBLISH_LOCK})`;
  const row = await tx.liveEvent.create({
    data: { type: event.type, deploymentId: event.deploymentId, payload: event.payload },
    select: { seq: true },
  });
  await tx.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${row.seq.toString()})`;
  return row.seq;
}
