import { describe, expect, it } from "vitest";
import type { ModelEvidence } from "@/lib/recognition/evidence/model-evidence";
import { ScoreHistogram } from "@/lib/recognition/evidence/score-histogram";
import { MODEL_EVIDENCE } from "./current-impostor-model";
import { assessThreshold, groupDifferentials, recommendThreshold, thresholdEvidence } from "./threshold-evidence";

/** Synthetic evidence: impostor scores uniform on [-0.5, 0.5), mated hits uniform on [0.4, 0.9). */
function synthetic(): ModelEvidence {
  const imp = new ScoreHistogram();
  for (let i = 0; i < 100_000; i++) imp.add(-0.5 + i / 100_000);
  const mated = new ScoreHistogram();
  for (let i = 0; i < 1000; i++) mated.add(0.4 + (0.5 * i) / 1000);
  return {
    ...(MODEL_EVIDENCE as ModelEvidence),
    impostor: imp.toSparse(),
    matedHits: { searches: 1000, histogram: mated.toSparse() },
    groups: [],
  };
}

describe("threshold from evidence", () => {
  it("false alerts per 1,000 faces = 1000 x (1 - (1 - p)^N), TPIR from the mated hits", () => {
    const ev = synthetic();
    const a = assessThreshold(ev, 0.3, 10, 1500);
    expect(a.pComparison).toBeCloseTo(0.2, 3);
    expect(a.falseAlertsPer1000Faces).toBeCloseTo(1000 * (1 - 0.8 ** 10), 0);
    expect(a.falseAlertsPerHour).toBeCloseTo(1.5 * a.falseAlertsPer1000Faces, 6);
    expect(a.tpir).toBe(1);
    expect(assessThreshold(ev, 0.65, 10).tpir).toBeCloseTo(0.5, 2);
  });

  it("recommends the lowest grid threshold that meets the target, higher for a longer watchlist", () => {
    const ev = synthetic();
    const small = recommendThreshold(ev, 100, 1);
    const large = recommendThreshold(ev, 10_000, 1);
    expect(small.meetsTarget && large.meetsTarget).toBe(true);
    expect(small.falseAlertsPer1000Faces).toBeLessThanOrEqual(1);
    expect(large.falseAlertsPer1000Faces).toBeLessThanOrEqual(1);
    expect(large.threshold).toBeGreaterThan(small.threshold);
    // One grid step lower would miss the target.
    expect(assessThreshold(ev, large.threshold - 0.005, 10_000).falseAlertsPer1000Faces).toBeGreaterThan(1);
  });

  it("acceptance: a 10,000-entry watchlist at 1,500 faces/hour gets <= 1 false alert per 1,000 faces from the stored lfw-dev evidence, with its TPIR", () => {
    const e = thresholdEvidence(MODEL_EVIDENCE, { watchlistSize: 10_000, footfallPerHour: 1500 });
    expect(e.recommended.meetsTarget).toBe(true);
    expect(e.recommended.falseAlertsPer1000Faces).toBeLessThanOrEqual(1);
    expect(e.recommended.falseAlertsPerHour!).toBeLessThanOrEqual(1.5);
    expect(e.recommended.tpir).toBeGreaterThan(0);
    expect(e.recommended.tpir).toBeLessThan(1);
    expect(e.model.comparisons).toBeGreaterThan(1_000_000);
    expect(e.differentials.find((d) => d.grouping === "sex")?.ratio).toBeGreaterThan(1);
    // A 10x longer list needs a threshold at least as high.
    expect(recommendThreshold(MODEL_EVIDENCE, 100_000).threshold).toBeGreaterThanOrEqual(e.recommended.threshold);
  });

  it("reports group differentials from the evidence", () => {
    const d = groupDifferentials(MODEL_EVIDENCE);
    expect(d.length).toBeGreaterThan(0);
    for (const g of d) if (g.highest && g.lowest) expect(g.highest.fmr).toBeGreaterThanOrEqual(g.lowest.fmr);
  });
});
