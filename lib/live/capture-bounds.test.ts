import { describe, expect, it } from "vitest";
import { implausibleCaptureTime, MAX_CLOCK_SKEW_MS, OUTBOX_MAX_AGE_MS } from "./capture-bounds";

describe("plausible capture times", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");
  it("accepts now, small skew ahead, and anything the outbox may still hold", () => {
    expect(implausibleCaptureTime(new Date(now), now)).toBeNull();
    expect(implausibleCaptureTime(new Date(now + MAX_CLOCK_SKEW_MS - 1000), now)).toBeNull();
    expect(implausibleCaptureTime(new Date(now - OUTBOX_MAX_AGE_MS + 1000), now)).toBeNull();
  });
  it("refuses the future beyond the skew, 40 days ago and 1970", () => {
    expect(implausibleCaptureTime(new Date(now + MAX_CLOCK_SKEW_MS + 1000), now)).toMatch(/future/);
    expect(implausibleCaptureTime(new Date(now - 40 * 86_400_000), now)).toMatch(/older/);
    expect(implausibleCaptureTime(new Date(0), now)).toMatch(/older/);
    expect(implausibleCaptureTime(new Date(Number.NaN), now)).toMatch(/valid/);
  });
});
