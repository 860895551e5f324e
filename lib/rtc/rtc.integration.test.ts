import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { db } from "@/lib/db/prisma";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment } from "@/lib/testing/live-fixtures";
import { answerOffer } from "./answer-offer";
import { closeSession } from "./close-session";
import { createViewerOffer } from "./create-viewer-offer";
import { listPendingOffers } from "./list-pending-offers";
import { readAnswer } from "./read-answer";
import { relayWhepOffer } from "./relay-whep-offer";

const OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
const ANSWER = "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

describe("WHIP-style signalling through the app", () => {
  it("hands a viewer's offer to the station once, returns the answer to that viewer only, and logs the access", async () => {
    const fx = await createLiveDeployment();
    const viewer = await createTestUser("OPERATOR");
    const other = await createTestUser("OPERATOR");
    const session = await createViewerOffer(fx.camera.id, OFFER, viewer, "req-rtc-1");
    expect((await listPendingOffers(fx.camera.id)).map((o) => o.id)).toEqual([session.id]);
    expect(await readAnswer(session.id, viewer)).toEqual({ answerSdp: null, closed: false });

    await answerOffer(session.id, ANSWER);
    await expect(answerOffer(session.id, ANSWER)).rejects.toThrow(/already answered/);
    expect(await listPendingOffers(fx.camera.id)).toEqual([]);
    expect(await readAnswer(session.id, viewer)).toEqual({ answerSdp: ANSWER, closed: false });
    await expect(readAnswer(session.id, other)).rejects.toThrow(/not found/);
    expect(await db().auditEvent.count({ where: { action: "access.read_gallery", targetType: "camera_stream", targetId: fx.camera.id } })).toBe(1);
  });

  it("forgets stale and closed offers, and streams only while the deployment runs", async () => {
    const fx = await createLiveDeployment();
    const viewer = await createTestUser("OPERATOR");
    const closed = await createViewerOffer(fx.camera.id, OFFER, viewer, "req-rtc-2");
    await closeSession(closed.id, viewer);
    await closeSession(closed.id, viewer);
    await expect(answerOffer(closed.id, ANSWER)).rejects.toThrow(/closed/);
    const stale = await createViewerOffer(fx.camera.id, OFFER, viewer, "req-rtc-3");
    expect((await listPendingOffers(fx.camera.id)).map((o) => o.id)).toEqual([stale.id]);
    expect(await listPendingOffers(fx.camera.id, new Date(Date.now() + 60_000))).toEqual([]);
    await expect(answerOffer("00000000-0000-4000-8000-000000000000", ANSWER)).rejects.toThrow(/not found/);

    const draft = await createLiveDeployment({ status: "DRAFT" });
    await expect(createViewerOffer(draft.camera.id, OFFER, viewer, "req-rtc-4")).rejects.toThrow(/draft/);
    await expect(createViewerOffer("00000000-0000-4000-8000-000000000000", OFFER, viewer, "req-rtc-5")).rejects.toThrow(/Camera not found/);
  });
});

describe("WHEP relay", () => {
  beforeAll(() => {
    process.env.VIGIL_WHEP_ORIGINS = "http://gateway.test";
    resetEnvCache();
  });
  afterAll(() => {
    delete process.env.VIGIL_WHEP_ORIGINS;
    resetEnvCache();
  });

  it("never calls a URL outside the configured gateway origins, and does not repeat a gateway's status code", async () => {
    const fx = await createLiveDeployment();
    const viewer = await createTestUser("OPERATOR");
    const calls: string[] = [];
    const gateway = (async (url: string) => {
      calls.push(url);
      return new Response("internal", { status: 418 });
    }) as unknown as typeof fetch;
    for (const internal of [
      "http://127.0.0.1:54329/",
      "http://gateway.test.evil.example/whep",
      "https://gateway.test/whep",
      "http://user:pw@gateway.test/whep",
    ]) {
      await db().camera.update({ where: { id: fx.camera.id }, data: { source: "WHEP", whepUrl: internal } });
      await expect(relayWhepOffer(fx.camera.id, OFFER, viewer, "req-whep-x", gateway), internal).rejects.toMatchObject({ status: 409 });
    }
    expect(calls).toEqual([]);
    await db().camera.update({ where: { id: fx.camera.id }, data: { source: "WHEP", whepUrl: "http://gateway.test/cam/whep" } });
    const refused = await relayWhepOffer(fx.camera.id, OFFER, viewer, "req-whep-y", gateway).catch((e: Error) => e);
    expect(refused).toMatchObject({ status: 502 });
    expect((refused as Error).message).not.toContain("418");
    expect(calls).toEqual(["http://gateway.test/cam/whep"]);
  });

  it("posts the offer to the camera's own WHEP URL and returns the gateway's answer", async () => {
    const fx = await createLiveDeployment();
    const viewer = await createTestUser("OPERATOR");
    await expect(relayWhepOffer(fx.camera.id, OFFER, viewer, "req-whep-0")).rejects.toThrow(/camera station/);
    await db().camera.update({ where: { id: fx.camera.id }, data: { source: "WHEP", whepUrl: "http://gateway.test/cam1/whep" } });
    const calls: { url: string; init: RequestInit }[] = [];
    const gateway = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(ANSWER, { status: 201, headers: { "content-type": "application/sdp", location: "/cam1/whep/session/1" } });
    }) as unknown as typeof fetch;
    expect(await relayWhepOffer(fx.camera.id, OFFER, viewer, "req-whep-1", gateway)).toEqual({ answerSdp: ANSWER });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("http://gateway.test/cam1/whep");
    expect(calls[0].init).toMatchObject({ method: "POST", body: OFFER, headers: { "content-type": "application/sdp" } });

    const refusing = (async () => new Response("no", { status: 404 })) as unknown as typeof fetch;
    await expect(relayWhepOffer(fx.camera.id, OFFER, viewer, "req-whep-2", refusing)).rejects.toMatchObject({ status: 502 });
    const down = (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    await expect(relayWhepOffer(fx.camera.id, OFFER, viewer, "req-whep-3", down)).rejects.toThrow(/could not be reached/);
  });
});
