import { describe, expect, it } from "vitest";
import { blobToBase64, countFace, matchEventBody, stationTrackId } from "./match-event";

describe("match events", () => {
  it("keys each event by deployment, camera and a track id unique to the station's page load", () => {
    const body = matchEventBody({
      deploymentId: "d",
      cameraId: "c",
      entryId: "e",
      similarity: 0.7,
      thresholdInForce: 0.5,
      modelId: "m",
      modelVersion: "v",
      trackId: stationTrackId("lx1", 7),
      capturedAt: "2026-11-22T10:00:00.000Z",
      probeJpeg: "AA==",
    });
    expect(body.idempotencyKey).toBe("d:c:lx1-7");
    expect(body.trackId).toBe("lx1-7");
  });

  it("counts faces per minute and encodes probe crops as base64", async () => {
    const counts = new Map<string, number>();
    countFace(counts, new Date("2026-11-22T10:00:05.123Z"));
    countFace(counts, new Date("2026-11-22T10:00:59.999Z"));
    countFace(counts, new Date("2026-11-22T10:01:00.000Z"));
    expect([...counts]).toEqual([
      ["2026-11-22T10:00:00.000Z", 2],
      ["2026-11-22T10:01:00.000Z", 1],
    ]);
    expect(await blobToBase64(new Blob([new Uint8Array([0xff, 0xd8, 0xff])]))).toBe("/9j/");
  });
});
