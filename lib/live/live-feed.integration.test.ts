import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestAlert } from "@/lib/alerts/ingest-alert";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment, TINY_JPEG_B64 } from "@/lib/testing/live-fixtures";
import { parseLiveEvent } from "./live-schemas";
import { openLiveStream } from "./open-live-stream";
import { publishLiveEvent } from "./publish-live-event";
import { recordFaceCounts } from "./record-face-counts";

/**
 * Acceptance (issue 10): with concurrent writers whose transactions commit out of seq order
 * (some slow, some rolled back), every subscriber of the real SSE stream receives every event of
 * its deployment exactly once and in order, including one that disconnects halfway and resumes
 * with Last-Event-ID.
 */

const WRITERS = 8;
const ALERTS_PER_WRITER = 12;
const SUBSCRIBERS = 20;

interface Got {
  seq: bigint;
  type: string;
  data: unknown;
}

/** Reads a live SSE Response, calling onEvent for each complete event. */
function follow(res: Response, onEvent: (e: Got) => void): { done: Promise<void>; cancel: () => Promise<void> } {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (end) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let id: string | null = null;
        let type = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) id = line.slice(4);
          else if (line.startsWith("event: ")) type = line.slice(7);
          else if (line.startsWith("data: ")) data.push(line.slice(6));
        }
        if (id !== null) onEvent({ seq: BigInt(id), type, data: JSON.parse(data.join("\n")) });
      }
    }
  })();
  return { done, cancel: () => reader.cancel().catch(() => {}) };
}

async function waitFor(predicate: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe("live feed under concurrent writers", () => {
  let fx: Awaited<ReturnType<typeof createLiveDeployment>>;

  beforeAll(async () => {
    fx = await createLiveDeployment({ dedupWindowSeconds: 1 });
    // Slow commits: each of this deployment's events waits 0-40 ms after taking its seq, so
    // transactions that drew later seqs often commit first.
    await db().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION vigil_test_slow_live() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."deploymentId" = '${fx.deployment.id}'::uuid THEN PERFORM pg_sleep(random() * 0.04); END IF;
        RETURN NEW;
      END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER vigil_test_slow_live AFTER INSERT ON "LiveEvent" FOR EACH ROW EXECUTE FUNCTION vigil_test_slow_live()`);
  });

  afterAll(async () => {
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS vigil_test_slow_live ON "LiveEvent"`);
    await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS vigil_test_slow_live()`);
  });

  it(`${WRITERS} writers, ${SUBSCRIBERS} subscribers (one resumes with Last-Event-ID): every event exactly once, in order`, async () => {
    const op = await createTestUser("OPERATOR");
    const cameras = [
      fx.camera,
      ...(await Promise.all(
        Array.from({ length: WRITERS - 1 }, (_, i) =>
          db().camera.create({ data: { deploymentId: fx.deployment.id, name: `Cam ${i + 2}`, lat: 51.53, lng: -0.12 } }),
        ),
      )),
    ];
    const deploymentId = fx.deployment.id;

    const received: Got[][] = Array.from({ length: SUBSCRIBERS }, () => []);
    const controllers = received.map(() => new AbortController());
    const streams = await Promise.all(
      received.map((list, i) =>
        openLiveStream({ deploymentId, resumeFrom: null, signal: controllers[i].signal }).then((res) => follow(res, (e) => list.push(e))),
      ),
    );

    // The resuming subscriber: the last one. It drops after a third of the alerts and comes back
    // with the last id it saw, while the writers keep writing.
    const resumer = SUBSCRIBERS - 1;
    const resumed = (async () => {
      await waitFor(() => received[resumer].length >= (WRITERS * ALERTS_PER_WRITER) / 3, 60_000);
      controllers[resumer].abort();
      await streams[resumer].cancel();
      const lastId = received[resumer].at(-1)!.seq;
      await new Promise((r) => setTimeout(r, 300));
      const again = await openLiveStream({
        deploymentId,
        resumeFrom: lastId,
        signal: controllers[resumer].signal === undefined ? new AbortController().signal : (controllers[resumer] = new AbortController()).signal,
      });
      streams[resumer] = follow(again, (e) => received[resumer].push(e));
      return lastId;
    })();

    const base = Date.now() - 30 * 60_000;
    const alertWriters = cameras.map(async (camera, w) => {
      for (let i = 0; i < ALERTS_PER_WRITER; i++) {
        await ingestAlert(
          {
            idempotencyKey: `feed-${deploymentId}-${w}-${i}`,
            deploymentId,
            cameraId: camera.id,
            entryId: fx.entry.id,
            similarity: 0.6 + (i % 3) * 0.1,
            thresholdInForce: 0.5,
            modelId: "mobilefacenet",
            modelVersion: "test-version",
            trackId: `w${w}-t${i}`,
            // Passes 10 s apart (window 1 s): every event is a new alert.
            capturedAt: new Date(base + i * 10_000 + w).toISOString(),
            probeJpeg: TINY_JPEG_B64,
          },
          op,
          `feed-${w}-${i}`,
        );
      }
    });
    // Unaudited writers (no audit-chain lock): face counts, and transactions that take a seq and roll back.
    const countWriters = [0, 1].map(async (k) => {
      for (let i = 0; i < 15; i++) {
        await recordFaceCounts({ deploymentId, cameraId: cameras[k].id, counts: [{ minute: new Date(base + i * 60_000).toISOString(), faces: 3 }] });
      }
    });
    const rollbacks = (async () => {
      for (let i = 0; i < 10; i++) {
        await db()
          .$transaction(async (tx) => {
            await publishLiveEvent(tx, { type: "counts", deploymentId, payload: { deploymentId, cameraId: fx.camera.id, facesProcessed: -1 } });
            throw new Error("rolled back on purpose");
          })
          .catch(() => {});
      }
    })();
    await Promise.all([...alertWriters, ...countWriters, rollbacks]);
    const lastId = await resumed;

    const expected = (await db().liveEvent.findMany({ where: { deploymentId }, orderBy: { seq: "asc" }, select: { seq: true, type: true } })).map((e) => e.seq);
    expect(expected.length).toBe(WRITERS * ALERTS_PER_WRITER + 30);
    const expectedSet = new Set(expected.map(String));
    await waitFor(() => received.every((list) => list.filter((e) => expectedSet.has(String(e.seq))).length >= expected.length), 30_000);
    controllers.forEach((c) => c.abort());
    await Promise.all(streams.map((s) => s.cancel()));

    const missing = received.map((list) => expected.length - new Set(list.filter((e) => expectedSet.has(String(e.seq))).map((e) => String(e.seq))).size);
    const repeated = received.map((list) => list.length - new Set(list.map((e) => String(e.seq))).size);
    console.log(
      `live feed: ${expected.length} events, ${SUBSCRIBERS} subscribers, resumed after seq ${lastId}; missing per subscriber: ${missing.join(",")}; repeated: ${repeated.join(",")}`,
    );
    for (const [i, list] of received.entries()) {
      const mine = list.filter((e) => expectedSet.has(String(e.seq))).map((e) => e.seq);
      // Exactly once and in order: the subscriber's sequence is the deployment's sequence.
      expect(mine, `subscriber ${i}`).toEqual(expected);
      // Ids strictly increase across everything it received (nothing repeated, nothing back in time).
      for (let k = 1; k < list.length; k++) expect(list[k].seq > list[k - 1].seq, `subscriber ${i} at ${k}`).toBe(true);
      // Every payload parses against the shared contract; no rolled-back event leaked out.
      for (const e of list.filter((x) => expectedSet.has(String(x.seq)))) {
        expect(parseLiveEvent(e.type, e.data), `subscriber ${i} seq ${e.seq} ${e.type}`).not.toBeNull();
        expect((e.data as { facesProcessed?: number }).facesProcessed).not.toBe(-1);
      }
    }
    expect(lastId).toBeLessThan(expected.at(-1)!);
  });
});
