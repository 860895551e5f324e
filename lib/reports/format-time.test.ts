import { describe, expect, it } from "vitest";
import { humanDuration, humanSeconds, humanTime } from "./format-time";

describe("human times", () => {
  it("writes times in the force's zone, with the zone named", () => {
    expect(humanTime("2026-11-28T16:27:16.687Z", "Europe/London")).toBe("Saturday 28 November 2026, 16:27 GMT");
    expect(humanTime("2026-07-01T16:27:16.687Z", "Europe/London")).toBe("Wednesday 1 July 2026, 17:27 BST");
    expect(humanTime(null, "Europe/London")).toBe("—");
  });
  it("writes durations and decision times", () => {
    expect(humanDuration(125)).toBe("2 h 5 min");
    expect(humanDuration(0)).toBe("0 min");
    expect(humanDuration(1440 + 60)).toBe("1 day 1 h");
    expect(humanSeconds(184)).toBe("3 min 4 s");
    expect(humanSeconds(null)).toBe("—");
  });
});
