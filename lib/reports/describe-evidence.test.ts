import { describe, expect, it } from "vitest";
import type { DeploymentDossier } from "./build-deployment-dossier";
import { describeEvidence } from "./describe-evidence";

const estimate = (over: Partial<NonNullable<DeploymentDossier["expectedFalseAlerts"]>>): NonNullable<DeploymentDossier["expectedFalseAlerts"]> => ({
  perHour: 0.1,
  threshold: 0.6,
  watchlistSize: 200,
  footfallPerHour: 1500,
  basis: "measured",
  model: "impostor scores",
  evidence: { sha256: "f".repeat(64), modelId: "mobilefacenet", modelSha256: "85cdeb7368ed6a1e", dataset: "lfw-dev", measuredAt: "2026-11-29T11:06:35.602Z" },
  evidenceIsCurrent: true,
  ...over,
});

describe("the dossier's evidence sentence", () => {
  it("names the measurement the authorisation used, and says when it is still the model's evidence", () => {
    expect(describeEvidence(estimate({}), "Europe/London")).toBe(
      `lfw-dev, measured 29 November 2026 for model mobilefacenet (SHA-256 85cdeb7368ed…), evidence SHA-256 ${"f".repeat(64)}; still the model's evidence.`,
    );
  });
  it("says when the model's evidence has been replaced since the authorisation", () => {
    expect(describeEvidence(estimate({ evidenceIsCurrent: false }), "Europe/London")).toMatch(
      /; the model's evidence has been replaced since, so the basis above comes from the newer measurement\.$/,
    );
  });
  it("says so when an older authorisation recorded none", () => {
    expect(describeEvidence(estimate({ evidence: null, evidenceIsCurrent: null }), "Europe/London")).toBe(
      "not recorded (the deployment was authorised before Vigil recorded which evidence it used).",
    );
  });
});
