import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEvent } from "./canonical";
import { checkpointMessage, signCheckpoint, signEd25519 } from "./checkpoint-signature";
import { signExportDocument } from "./export-signature";
import { keyIdFor, publicKeyPem, verifyKeysFromPem, type SigningKey, type VerifyKeys } from "./signing-key";
import { verifyExportFile, type AuditExportFile } from "./verify-export";

const hmacKey = { id: "test-key", secret: Buffer.from("k".repeat(40)) };
/** Legacy HMAC checkpoints: the verifier holds the secret. */
const key: VerifyKeys = { publicKeys: new Map(), hmac: hmacKey };

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
    const c = { seq, hash, keyId: hmacKey.id, createdAt: "2026-11-22T10:00:00.000Z" };
    return { ...c, signature: signCheckpoint(checkpointMessage(c), hmacKey.secret) };
  };
  const head = events.at(-1)!;
  const a = opts.anchorAt ?? 0;
  const anchor =
    a === 0
      ? { seq: "0", hash: GENESIS_HASH }
      : { seq: String(a), hash: events[a - 1].hash as string, checkpoint: sign(String(a), events[a - 1].hash as string) };
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
    expect(verifyExportFile(forged, key)).toMatchObject({ ok: false, reason: expect.stringMatching(/invalid HMAC signature/) });
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

function ed25519Key(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { id: keyIdFor(publicKey), privateKey, publicKey, source: "local-file" };
}

/** An export as the server writes it now: Ed25519 checkpoints, public keys inside, signed. */
function signedExport(n: number, signer: SigningKey): AuditExportFile {
  const base = exportOf(n);
  const reSign = (c: { seq: string; hash: string; createdAt: string }) => {
    const cp = { seq: c.seq, hash: c.hash, keyId: signer.id, createdAt: c.createdAt };
    return { ...cp, algorithm: "Ed25519", signature: signEd25519(checkpointMessage(cp), signer.privateKey) };
  };
  const doc = {
    format: "vigil-audit-export/v1",
    generatedAt: "2026-11-22T10:00:01.000Z",
    filter: { from: null, to: null },
    verifiable: true,
    anchor: base.anchor,
    checkpoints: base.checkpoints!.map(reSign),
    publicKeys: [{ keyId: signer.id, algorithm: "Ed25519", status: "active", publicKeyPem: publicKeyPem(signer.publicKey) }],
    events: base.events,
    count: base.events.length,
    truncated: false,
  };
  return signExportDocument(doc, "events", signer) as unknown as AuditExportFile;
}

describe("public-key (Ed25519) verification", () => {
  const signer = ed25519Key();
  const publicOnly = verifyKeysFromPem(publicKeyPem(signer.publicKey));

  it("verifies a signed export with nothing but the public key", () => {
    const verdict = verifyExportFile(JSON.parse(JSON.stringify(signedExport(12, signer))), publicOnly, { requireSignature: true });
    expect(verdict).toMatchObject({ ok: true });
    if (verdict.ok) expect(verdict.summary).toMatch(new RegExp(`export signed by ${signer.id}`));
  });

  it("fails on any one altered byte of the file, naming what broke", () => {
    const text = JSON.stringify(signedExport(6, signer));
    const reasons = new Set<string>();
    let parsedAltered = 0;
    // Change every byte in turn that still leaves valid JSON (a digit, a letter inside a string).
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      const swapped = /[0-9]/.test(ch)
        ? String((Number(ch) + 1) % 10)
        : /[a-z]/.test(ch)
          ? ch === "z"
            ? "y"
            : String.fromCharCode(ch.charCodeAt(0) + 1)
          : null;
      if (swapped === null) continue;
      let data: AuditExportFile;
      try {
        data = JSON.parse(text.slice(0, i) + swapped + text.slice(i + 1));
      } catch {
        continue;
      }
      parsedAltered++;
      const verdict = verifyExportFile(data, publicOnly, { requireSignature: true });
      if (verdict.ok) {
        // Only a key name nobody reads can change without effect; none may pass silently.
        throw new Error(`altering byte ${i} (${JSON.stringify(text.slice(Math.max(0, i - 30), i + 10))}) passed verification`);
      }
      reasons.add(verdict.reason.replace(/\d+/g, "N").replace(/"[^"]*"/g, "X"));
    }
    expect(parsedAltered).toBeGreaterThan(1000);
    const all = [...reasons].join("\n");
    expect(all).toMatch(/event N was altered/);
    expect(all).toMatch(/field X was altered after signing/);
    expect(all).toMatch(/checkpoint at event N has an invalid EdN signature/);
    expect(all).toMatch(/signature is not valid for key/);
  });

  it("names an altered checkpoint, an altered header field, and a missing signature", () => {
    const cp = signedExport(8, signer);
    cp.checkpoints![0] = { ...cp.checkpoints![0], createdAt: "2026-11-22T10:00:00.001Z" };
    expect(verifyExportFile(cp, publicOnly)).toMatchObject({
      ok: false,
      badSeq: "8",
      reason: expect.stringMatching(/checkpoint at event 8 has an invalid Ed25519 signature/),
    });
    const header = signedExport(8, signer);
    header.filter = { from: "2026-01-01T00:00:00.000Z", to: null };
    expect(verifyExportFile(header, publicOnly)).toMatchObject({ ok: false, reason: 'the field "filter" was altered after signing' });
    const stripped = signedExport(8, signer);
    delete stripped.signature;
    expect(verifyExportFile(stripped, publicOnly, { requireSignature: true })).toMatchObject({ ok: false, reason: "the export carries no signature" });
  });

  it("a forger with another key is refused, and a rotated (retired) key still verifies what it signed", () => {
    const other = ed25519Key();
    const forged = signedExport(5, other);
    expect(verifyExportFile(forged, publicOnly)).toMatchObject({ ok: false, reason: expect.stringMatching(/not among the public keys given/) });
    const both = verifyKeysFromPem(publicKeyPem(other.publicKey) + publicKeyPem(signer.publicKey));
    expect(verifyExportFile(signedExport(5, signer), both)).toMatchObject({ ok: true });
    expect(verifyExportFile(forged, both)).toMatchObject({ ok: true });
  });

  it("legacy HMAC checkpoints stay verifiable with their secret, and are reported (not failed) without it", () => {
    expect(verifyExportFile(exportOf(12), key)).toMatchObject({ ok: true });
    const verdict = verifyExportFile(exportOf(12), publicOnly);
    expect(verdict).toMatchObject({ ok: true });
    if (verdict.ok) expect(verdict.warnings.join()).toMatch(/legacy HMAC checkpoint/);
  });
});
