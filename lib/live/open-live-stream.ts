import "server-only";
import { db } from "@/lib/db/prisma";
import { liveBus } from "./live-bus";

const BATCH = 200;
const REPLAY_LIMIT = 2000;
const HEARTBEAT_MS = 15_000;
const SAFETY_POLL_MS = 5_000;

/**
 * A Server-Sent Events stream of the live log. With a Last-Event-ID it first replays what the
 * browser missed (bounded), then follows new events as NOTIFY wakes it (and a slow poll, in case
 * a notification was lost while the LISTEN connection reconnected).
 */
export async function openLiveStream(opts: { deploymentId: string | null; deploymentIds?: string[] | null; resumeFrom: bigint | null; signal: AbortSignal; once?: boolean }): Promise<Response> {
  const filter = opts.deploymentId ? { OR: [{ deploymentId: opts.deploymentId }, { deploymentId: null }] } : {};
  // The caller's roster scope (lib/deployments/assert-deployment-access.ts): null sees every deployment.
  const scope = opts.deploymentIds ? { AND: [{ OR: [{ deploymentId: { in: opts.deploymentIds } }, { deploymentId: null }] }] } : {};
  const head = await db().liveEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const headSeq = head?.seq ?? 0n;
  let cursor = opts.resumeFrom ?? headSeq;
  if (headSeq - cursor > BigInt(REPLAY_LIMIT)) cursor = headSeq - BigInt(REPLAY_LIMIT);
  const encoder = new TextEncoder();
  const bus = liveBus();
  let closed = false;
  let busy = false;
  let again = false;
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
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
            const rows = await db().liveEvent.findMany({
              where: { seq: { gt: cursor }, ...filter, ...scope },
              orderBy: { seq: "asc" },
              take: BATCH,
            });
            for (const row of rows) {
              send(`id: ${row.seq}\nevent: ${row.type}\ndata: ${JSON.stringify(row.payload)}\n\n`);
              cursor = row.seq;
            }
            if (rows.length === BATCH) again = true;
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
      cleanup = () => {
        if (closed) return;
        closed = true;
        bus.off("wake", onWake);
        clearInterval(heartbeat);
        clearInterval(poll);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
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
