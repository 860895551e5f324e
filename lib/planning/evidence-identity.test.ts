import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MODEL_EVIDENCE } from "./current-impostor-model";
import { evidenceIdentity, readEvidenceIdentity } from "./evidence-identity";

describe("the identity of the stored model evidence", () => {
  it("is the SHA-256 of the committed evidence file (without its final newline), with the model and measurement it names", () => {
    const file = readFileSync(new URL("./evidence/mobilefacenet.json", import.meta.url));
    const id = evidenceIdentity();
    expect(id.sha256).toBe(
      createHash("sha256")
        .update(file.subarray(0, file.at(-1) === 0x0a ? -1 : undefined))
        .digest("hex"),
    );
    expect(id).toMatchObject({ modelId: "mobilefacenet", modelSha256: MODEL_EVIDENCE.modelSha256, dataset: "lfw-dev", measuredAt: MODEL_EVIDENCE.measuredAt });
  });

  it("changes with any change to the evidence", () => {
    const other = { ...MODEL_EVIDENCE, measuredAt: "2026-12-01T00:00:00.000Z" };
    expect(evidenceIdentity(other).sha256).not.toBe(evidenceIdentity().sha256);
  });

  it("reads back from an audit event's details, and nothing else passes for one", () => {
    const id = evidenceIdentity();
    expect(readEvidenceIdentity(JSON.parse(JSON.stringify(id)))).toEqual(id);
    expect(readEvidenceIdentity(undefined)).toBeNull();
    expect(readEvidenceIdentity("fa0b")).toBeNull();
    expect(readEvidenceIdentity({ ...id, sha256: 42 })).toBeNull();
    const { dataset: _dataset, ...partial } = id;
    void _dataset;
    expect(readEvidenceIdentity(partial)).toBeNull();
  });
});
