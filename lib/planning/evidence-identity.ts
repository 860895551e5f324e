import "server-only";
import { createHash } from "node:crypto";
import type { ModelEvidence } from "@/lib/recognition/evidence/model-evidence";
import { MODEL_EVIDENCE } from "./current-impostor-model";

/**
 * Which stored evidence a decision used: recorded with an authorisation or a threshold change, so
 * that a dossier can say which measurement the expected false-alert rate came from, and whether the
 * model's evidence has been replaced since. `sha256` is the SHA-256 of the evidence as JSON
 * (the committed file without its final newline: `head -c -1 lib/planning/evidence/mobilefacenet.json | sha256sum`).
 */
export interface EvidenceIdentity {
  sha256: string;
  modelId: string;
  modelSha256: string;
  dataset: string;
  measuredAt: string;
}

/** The identity of the model's current evidence: constant for the process, hashed once. */
let current: EvidenceIdentity | null = null;

export function evidenceIdentity(evidence: ModelEvidence = MODEL_EVIDENCE): EvidenceIdentity {
  if (evidence === MODEL_EVIDENCE) return (current ??= identityOf(evidence));
  return identityOf(evidence);
}

function identityOf(evidence: ModelEvidence): EvidenceIdentity {
  return {
    sha256: createHash("sha256").update(JSON.stringify(evidence)).digest("hex"),
    modelId: evidence.modelId,
    modelSha256: evidence.modelSha256,
    dataset: evidence.dataset.name,
    measuredAt: evidence.measuredAt,
  };
}

/** An identity read back from an audit event's details (null when absent or not one). */
export function readEvidenceIdentity(v: unknown): EvidenceIdentity | null {
  const o = v as Partial<EvidenceIdentity> | null;
  if (!o || typeof o !== "object") return null;
  const { sha256, modelId, modelSha256, dataset, measuredAt } = o;
  if ([sha256, modelId, modelSha256, dataset, measuredAt].some((x) => typeof x !== "string")) return null;
  return { sha256: sha256!, modelId: modelId!, modelSha256: modelSha256!, dataset: dataset!, measuredAt: measuredAt! };
}
