import { describe, expect, it } from "vitest";
import type { LiveScope } from "./contract";
import { camerasOutOfScope, galleryLabel, phaseOfStatus, shortHash } from "./scope-view";

const scope = (over: Partial<LiveScope> = {}): LiveScope => ({
  deploymentId: "00000000-0000-4000-8000-000000000001",
  reference: "DEP-1",
  status: "LIVE",
  phase: "live",
  stoppedReason: null,
  threshold: 0.45,
  gallery: { kind: "full", size: 12, hash: "abcdef0123456789", snapshotId: "s1" },
  windowStart: "2026-11-29T10:00:00.000Z",
  windowEnd: "2026-11-29T18:00:00.000Z",
  modelId: "m",
  modelVersion: "1",
  selfTestPassedAt: null,
  version: 7,
  ...over,
});

describe("the search scope on the console", () => {
  it("names the gallery and shortens the hash", () => {
    expect(galleryLabel(scope())).toBe("full watchlist snapshot: 12 entries");
    expect(galleryLabel(scope({ gallery: { kind: "blue-list", size: 1, hash: null, snapshotId: null } }))).toBe("blue-list volunteers only: 1 entry");
    expect(galleryLabel(scope({ gallery: { kind: "none", size: 0, hash: null, snapshotId: null } }))).toMatch(/nothing is searched/);
    expect(shortHash("abcdef0123456789")).toBe("abcdef01");
    expect(shortHash(null)).toBe("—");
  });

  it("flags stations that report another scope version, and only those", () => {
    expect(camerasOutOfScope(scope(), { a: 7, b: 6, c: null })).toEqual(["b"]);
    expect(camerasOutOfScope(undefined, { b: 6 })).toEqual([]);
  });

  it("derives the phase from the status until the scope is read", () => {
    expect(phaseOfStatus("LIVE")).toBe("live");
    expect(phaseOfStatus("AUTHORISED")).toBe("self-test");
    expect(phaseOfStatus("CLOSED")).toBe("stopped");
  });
});
