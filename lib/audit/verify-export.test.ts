import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEvent } from "./canonical";
import { checkpointMessage, signCheckpoint } from "./checkpoint-signature";
import { verifyExportFile, type AuditExportFile } from "./verify-export";

const key = { id: "test-key", secret: Buffer.from("k".repeat(40)) };

function exportOf(n: number, opts: { anchorAt?: number } = {}): AuditExportFile {
  let prev = GENESIS_HASH;
  const events: Record<string, unknown>[] = [];
  for (let i = 1; i <= n; i++) {
    const fields = {
      seq: BigInt(i),
      occurredAt: new Date(Date.UTC(2026, 10, 22, 9, 0, i)),
      actorId: null,
      actorEmail: i % 2 ? "privacy@vigil.local" : null,
      actorRole: i % 2 ? "PRIVACY_OFFICER" : null,
      action: i % 2 ? "access.export" : "retention.delete",
      outcome: "ok",
      targetType: "report",
      targetId: `r-${i}`,
      deploymentId: null,
      details: { i },
      requestId: `q-${i}`,
      ip: null,
      prevHash: prev,
    };
    const hash = hashEvent(fields);
    events.push({ ...fields, seq: String(i), occurredAt: fields.occurredAt.toISOString(), hash });
    prev = hash;
  }
  const sign = (seq: string, hash: string) => {
    const c = { seq, hash, keyId: key.id, createdAt: "2026-11-22T10:00:00.000Z" };
    return { ...c, signature: signCheckpoint(checkpointMessage(c), key.secret) };
  };
  const head = events.at(-1)!;
  const a = opts.anchorAt ?? 0;
  const anchor = a === 0 ? { seq: "0", hash: GENESIS_HASH } : { seq: String(a), hash: events[a - 1].hash as string, checkpoint: sign(String(a), events[a - 1].hash as string) };
  return { format: "vigil-audit-export/v1", verifiable: true, anchor, checkpoints: [sign(head.seq as string, head.hash as string)], events: events.slice(a) };
}

describe("offline verification of an audit export", () => {
  it("accepts an intact export, with and without the key", () => {
    expect(verifyExportFile(exportOf(12), key)).toMatchObject({ ok: true });
    const withoutKey = verifyExportFile(exportOf(12), null);
    expect(withoutKey).toMatchObject({ ok: true });
    if (withoutKey.ok) expect(withoutKey.warnings.join()).toMatch(/signatures not checked/);
  });

  it("names the edited event", () => {
    const data = exportOf(12);
    data.events[4] = { ...data.events[4], action: "edited" };
    expect(verifyExportFile(data, key)).toMatchObject({ ok: false, badSeq: "5" });
  });

  it("catches a dropped newest event through the signed checkpoint, and a forged checkpoint through its signature", () => {
    const dropped = exportOf(12);
    dropped.events.pop();
    expect(verifyExportFile(dropped, key)).toMatchObject({ ok: false, badSeq: "12" });
    const forged = exportOf(12);
    forged.checkpoints![0] = { ...forged.checkpoints![0], hash: "f".repeat(64) };
    expect(verifyExportFile(forged, key)).toMatchObject({ ok: false, reason: expect.stringMatching(/invalid signature/) });
  });

  it("verifies from a signed anchor left by a purge, and refuses a forged one", () => {
    expect(verifyExportFile(exportOf(20, { anchorAt: 8 }), key)).toMatchObject({ ok: true });
    const forged = exportOf(20, { anchorAt: 8 });
    forged.anchor.checkpoint = { ...forged.anchor.checkpoint!, signature: "0".repeat(64) };
    expect(verifyExportFile(forged, key)).toMatchObject({ ok: false, badSeq: "8" });
  });

  it("a filtered export checks each event against its own hash", () => {
    const data = { ...exportOf(10), verifiable: false, checkpoints: [] };
    data.events = data.events.filter((_, i) => i % 3 === 0);
    expect(verifyExportFile(data, key)).toMatchObject({ ok: true });
    data.events[1] = { ...data.events[1], actorEmail: "someone@else" };
    expect(verifyExportFile(data, key)).toMatchObject({ ok: false, badSeq: "4" });
  });
});
