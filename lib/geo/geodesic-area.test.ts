import { describe, expect, it } from "vitest";
import { DEMO_ZONE } from "@/lib/seed/demo-data";
import { geodesicArea } from "./geodesic-area";

describe("geodesicArea", () => {
  it("measures a 0.01° square at the equator to within 1%", () => {
    const side = (0.01 * Math.PI * 6_378_137) / 180;
    const area = geodesicArea({
      coordinates: [
        [
          [0, 0],
          [0.01, 0],
          [0.01, 0.01],
          [0, 0.01],
          [0, 0],
        ],
      ],
    });
    expect(Math.abs(area - side * side) / (side * side)).toBeLessThan(0.01);
  });
  it("the demo zone is a small, targeted area (about 0.027 km²)", () => {
    const area = geodesicArea(DEMO_ZONE.geometry);
    expect(area).toBeGreaterThan(20_000);
    expect(area).toBeLessThan(40_000);
  });
});
