import "server-only";
import type { Tx } from "@/lib/db/prisma";
import type { LiveEventType } from "./live-schemas";

export const LIVE_CHANNEL = "vigil_live";

export type { LiveEventType } from "./live-schemas";

/**
 * Appends an event to the live log and notifies every app instance through Postgres
 * NOTIFY, which is delivered only when the surrounding transaction commits, so listeners never
 * see an event whose change was rolled back.
 */
export async function publishLiveEvent(
  tx: Tx,
  event: { type: LiveEventType; deploymentId: string | null; payload: Record<string, unknown> },
): Promise<bigint> {
  const row = await tx.liveEvent.create({
    data: { type: event.type, deploymentId: event.deploymentId, payload: event.payload as object },
    select: { seq: true },
  });
  await tx.$executeRaw`SELECT pg_notify(${LIVE_CHANNEL}, ${row.seq.toString()})`;
  return row.seq;
}
