import { describe, expect, it } from "vitest";
import { MODELS } from "@/lib/recognition/models";
import { IMPOSTOR_DISTRIBUTION, IMPOSTOR_TAIL } from "./current-impostor-model";
import { anyOf, expectedFalseAlerts, fitTail, impostorTail, MIN_EXCEEDANCES } from "./expected-false-alerts";

// 1000 scores evenly spread over [-0.5, 0.499]: the tail is easy to count by hand.
const uniform = Array.from({ length: 1000 }, (_, i) => -0.5 + i / 1000);
const model = fitTail(uniform);

describe("expected false alerts", () => {
  it("uses the empirical tail where there are enough scores to count", () => {
    expect(impostorTail(model, 0.3)).toEqual({ p: 0.2, source: "empirical", exceedances: 200 });
    expect(impostorTail(model, -1).p).toBe(1);
    expect(model.switchAt).toBeCloseTo(0.49, 10);
    expect(impostorTail(model, 0.49)).toMatchObject({ source: "empirical", exceedances: MIN_EXCEEDANCES, p: MIN_EXCEEDANCES / 1000 });
  });

  it("joins a fitted exponential tail continuously beyond the data, decreasing with the threshold", () => {
    const at = impostorTail(model, model.switchAt);
    const just = impostorTail(model, model.switchAt + 1e-9);
    expect(just.source).toBe("fitted");
    expect(just.p).toBeCloseTo(at.p, 6);
    // Top 10% are 0.400..0.499 over u = 0.399: mean excess 0.0505.
    expect(model.beta).toBeCloseTo(0.0505, 6);
    const a = impostorTail(model, 0.6).p;
    const b = impostorTail(model, 0.7).p;
    expect(b).toBeLessThan(a);
    expect(a).toBeCloseTo(0.01 * Math.exp(-(0.6 - 0.49) / 0.0505), 8);
    expect(impostorTail(model, 0.7).exceedances).toBe(0);
  });

  it("P(a face falsely alerts) = 1 - Π(1 - p) over the watchlist, times footfall", () => {
    expect(anyOf(0.01, 1)).toBeCloseTo(0.01, 12);
    expect(anyOf(0.01, 2)).toBeCloseTo(1 - 0.99 * 0.99, 12);
    expect(anyOf(1e-12, 1e6)).toBeCloseTo(1 - (1 - 1e-12) ** 1e6, 9);
    expect(anyOf(0, 100)).toBe(0);
    const e = expectedFalseAlerts(model, 0.3, 10, 1000);
    expect(e.pComparison).toBe(0.2);
    expect(e.pFace).toBeCloseTo(1 - 0.8 ** 10, 12);
    expect(e.perHour).toBeCloseTo(1000 * (1 - 0.8 ** 10), 9);
    expect(e.minutesBetween).toBeCloseTo(60 / e.perHour, 12);
    expect(expectedFalseAlerts(model, 0.3, 0, 1000)).toMatchObject({ perHour: 0, minutesBetween: Infinity });
  });

  it("a lower threshold or a longer watchlist always costs more", () => {
    let last = Infinity;
    for (let t = 0.2; t <= 0.95; t += 0.05) {
      const e = expectedFalseAlerts(IMPOSTOR_TAIL, t, 50, 2000).perHour;
      expect(e).toBeLessThan(last);
      last = e;
    }
    expect(expectedFalseAlerts(IMPOSTOR_TAIL, 0.45, 500, 2000).perHour).toBeGreaterThan(expectedFalseAlerts(IMPOSTOR_TAIL, 0.45, 50, 2000).perHour);
  });

  it("the committed distribution belongs to the current model and is large enough to fit", () => {
    expect(IMPOSTOR_DISTRIBUTION.modelId).toBe(MODELS.mobilefacenet.id);
    expect(IMPOSTOR_DISTRIBUTION.modelVersion).toBe(MODELS.mobilefacenet.version);
    // Millions of comparisons (every pair of photos of different people on lfw-dev), not 473.
    expect(IMPOSTOR_DISTRIBUTION.count).toBeGreaterThanOrEqual(1_000_000);
    // At 0.45 the rate is counted, not extrapolated; far out the fitted tail answers.
    expect(expectedFalseAlerts(IMPOSTOR_TAIL, 0.45, 6, 1500).source).toBe("empirical");
    expect(expectedFalseAlerts(IMPOSTOR_TAIL, 0.9, 6, 1500).source).toBe("fitted");
  });

  it("refuses too few scores", () => {
    expect(() => fitTail([0.1, 0.2])).toThrow(/at least/);
  });
});
