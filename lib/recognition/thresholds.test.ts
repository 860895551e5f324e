import { describe, expect, it } from "vitest";
import { DEFAULT_DUPLICATE_THRESHOLD, DEFAULT_MATCH_THRESHOLD, MAX_MATCH_THRESHOLD, MIN_MATCH_THRESHOLD, validateMatchThreshold } from "./thresholds";

describe("match thresholds", () => {
  it("the default lies inside the allowed range and above the duplicate flag", () => {
    expect(validateMatchThreshold(DEFAULT_MATCH_THRESHOLD)).toEqual({ ok: true, value: DEFAULT_MATCH_THRESHOLD });
    expect(DEFAULT_DUPLICATE_THRESHOLD).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
  });

  it("accepts numbers and numeric strings within [0.2, 0.95]", () => {
    expect(validateMatchThreshold(MIN_MATCH_THRESHOLD)).toMatchObject({ ok: true });
    expect(validateMatchThreshold(MAX_MATCH_THRESHOLD)).toMatchObject({ ok: true });
    expect(validateMatchThreshold("0.5")).toEqual({ ok: true, value: 0.5 });
  });

  it("rejects out-of-range and non-numeric values", () => {
    for (const bad of [0.1, 0.96, -1, Number.NaN, Infinity, "", "abc", null, undefined, {}]) {
      expect(validateMatchThreshold(bad).ok).toBe(false);
    }
  });
});
