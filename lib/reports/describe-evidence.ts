import "server-only";
import type { DeploymentDossier } from "./build-deployment-dossier";
import { humanDate } from "./format-time";

/**
 * The dossier's "Evidence" line (PDF and HTML alike, each adds its own label): which stored model
 * evidence the authorisation used, and whether it is still the model's evidence.
 */
export function describeEvidence(e: NonNullable<DeploymentDossier["expectedFalseAlerts"]>, timeZone: string): string {
  const r = e.evidence;
  if (!r) return "not recorded (the deployment was authorised before Vigil recorded which evidence it used).";
  const which = `${r.dataset}, measured ${humanDate(r.measuredAt, timeZone)} for model ${r.modelId} (SHA-256 ${r.modelSha256.slice(0, 12)}…), evidence SHA-256 ${r.sha256}`;
  return e.evidenceIsCurrent
    ? `${which}; still the model's evidence.`
    : `${which}; the model's evidence has been replaced since, so the basis above comes from the newer measurement.`;
}
