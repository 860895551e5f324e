import { describe, expect, it } from "vitest";
import { GROUP_EVIDENCE, MODEL_EVIDENCE } from "@/lib/planning/current-impostor-model";
import { evidenceAtThreshold, groupsAtThreshold } from "./evidence-at-threshold";
import type { ModelEvidence } from "./model-evidence";
import { rate } from "./open-set";
import { ScoreHistogram } from "./score-histogram";

/** Evidence with known histograms: impostors at 0.1..0.5, mated hits 0.3..0.8, non-mated best 0.2..0.6. */
function synthetic(): ModelEvidence {
  const h = (from: number, to: number, n: number) => {
    const x = new ScoreHistogram();
    for (let i = 0; i < n; i++) x.add(from + ((to - from) * (i + 0.5)) / n);
    return x.toSparse();
  };
  const group = (t: number, k: number) => ({
    name: "sex",
    sameGroup: [
      { a: "female", b: "female", comparisons: 1000, falseMatches: k, fmr: rate(k, 1000) },
      { a: "male", b: "male", comparisons: 1000, falseMatches: 1, fmr: rate(1, 1000) },
    ],
    largestRatio: { high: "female", low: "male", ratio: k, lowIsZero: false },
    threshold: t,
  });
  return {
    ...MODEL_EVIDENCE,
    dataset: { ...MODEL_EVIDENCE.dataset, name: "synthetic", enrolled: 100 },
    impostor: h(0.1, 0.5, 10_000),
    matedHits: { searches: 200, histogram: h(0.3, 0.8, 100) }, // 100 of 200 searches were hits
    nonMatedBest: { searches: 1000, histogram: h(0.2, 0.6, 1000) },
    groups: [{ ...group(0.45, 9), betweenGroups: [] }],
    groupsAtThresholds: [0.4, 0.5, 0.6].map((t) => ({ threshold: t, groups: [group(t, Math.round(10 * (1 - t)))] })),
  };
}

describe("evidence at a threshold", () => {
  it("counts TPIR, FPIR and the per-comparison rate at the threshold, with Wilson intervals", () => {
    const e = evidenceAtThreshold(synthetic(), 0.4);
    expect(e.tpir!.n).toBe(200);
    expect(e.tpir!.k).toBe(80); // 0.4..0.8 of 0.3..0.8
    expect(e.fpir!.k).toBe(500); // 0.4..0.6 of 0.2..0.6
    expect(e.fpir!.lo).toBeLessThan(0.5);
    expect(e.fpir!.hi).toBeGreaterThan(0.5);
    expect(e.fmr.k).toBe(2500);
    expect(e.gallerySize).toBe(100);
    // 1-(1-p)^N with p = 0.25
    expect(e.predictedFpir.find((p) => p.watchlistSize === 1000)!.fpir).toBeCloseTo(1, 6);
    expect(evidenceAtThreshold(synthetic(), 0.49, { watchlistSizes: [1] }).predictedFpir[0].fpir).toBeCloseTo(0.025, 3);
  });

  it("takes group rates at the highest stored threshold at or below the one asked for (an upper bound)", () => {
    const ev = synthetic();
    expect(groupsAtThreshold(ev, 0.55)[0].countedAt).toBe(0.5);
    expect(groupsAtThreshold(ev, 0.6)[0].countedAt).toBe(0.6);
    expect(groupsAtThreshold(ev, 0.47)[0].countedAt).toBe(0.45); // the evaluation's own threshold is closer
    expect(groupsAtThreshold(ev, 0.3)).toEqual([]); // nothing at or below: no figure rather than a wrong one
    const g = groupsAtThreshold(ev, 0.65)[0];
    expect(g.sameGroup.find((r) => r.group === "female")!.falseMatches).toBe(4);
  });

  it("reads the stored lfw-dev and utk-dev evidence: sex on both sets, sex x ethnicity on utk-dev", () => {
    const e = evidenceAtThreshold(MODEL_EVIDENCE, 0.6, { groupEvidence: GROUP_EVIDENCE });
    expect(e.tpir!.n).toBeGreaterThan(1000);
    expect(e.fpir!.n).toBeGreaterThan(1000);
    expect(e.fmr.n).toBeGreaterThan(1_000_000);
    const names = e.groups.map((g) => `${g.dataset}/${g.grouping}`);
    expect(names).toContain("lfw-dev/sex");
    expect(names).toContain("utk-dev/sex×ethnicity");
    for (const g of e.groups) expect(g.countedAt).toBeLessThanOrEqual(0.6);
    // Rates fall as the threshold rises.
    const lower = evidenceAtThreshold(MODEL_EVIDENCE, 0.45);
    expect(lower.fpir!.k).toBeGreaterThanOrEqual(e.fpir!.k);
    expect(lower.tpir!.k).toBeGreaterThanOrEqual(e.tpir!.k);
  });
});
