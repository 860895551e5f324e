import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical";
import { ed25519Valid, signEd25519 } from "./checkpoint-signature";
import type { SigningKey, VerifyKeys } from "./signing-key";

/**
 * A detached Ed25519 signature over an export document: one SHA-256 per top-level field (so a
 * verifier can name the field that changed) and one over its list of records, each in canonical
 * JSON, so the signature survives re-formatting but not a changed value.
 */
export interface ExportSignature {
  format: "vigil-export-signature/v1";
  algorithm: "Ed25519";
  keyId: string;
  /** SHA-256 of each signed top-level field's canonical JSON. */
  fields: Record<string, string>;
  records: { field: string; count: number; sha256: string; each?: string[] };
  value: string;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function signedMessage(s: Pick<ExportSignature, "keyId" | "fields" | "records">): string {
  return `vigil-export-signature/v1|${canonicalJson({ keyId: s.keyId, fields: s.fields, records: s.records })}`;
}

/** Accumulates records as they stream out, then signs the document's fields and records. */
export class ExportSigner {
  private hash = createHash("sha256");
  private count = 0;
  private each: string[] | null;

  constructor(
    private readonly recordsField: string,
    opts: { perRecord?: boolean } = {},
  ) {
    this.each = opts.perRecord ? [] : null;
  }

  addRecord(record: unknown): void {
    const c = canonicalJson(JSON.parse(JSON.stringify(record)));
    this.hash.update(c + "\n");
    this.each?.push(sha256(c));
    this.count++;
  }

  sign(fields: Record<string, unknown>, key: SigningKey): ExportSignature {
    const digests: Record<string, string> = {};
    for (const [name, value] of Object.entries(fields))
      if (value !== undefined && name !== this.recordsField && name !== "signature") digests[name] = sha256(canonicalJson(JSON.parse(JSON.stringify(value))));
    const records = { field: this.recordsField, count: this.count, sha256: this.hash.digest("hex"), ...(this.each ? { each: this.each } : {}) };
    const unsigned = { keyId: key.id, fields: digests, records };
    return { format: "vigil-export-signature/v1", algorithm: "Ed25519", ...unsigned, value: signEd25519(signedMessage(unsigned), key.privateKey) };
  }
}

/** Signs a whole document held in memory (records under `recordsField`). */
export function signExportDocument<T extends Record<string, unknown>>(
  doc: T,
  recordsField: string,
  key: SigningKey,
  opts: { perRecord?: boolean } = {},
): T & { signature: ExportSignature } {
  const signer = new ExportSigner(recordsField, opts);
  for (const r of (doc[recordsField] as unknown[]) ?? []) signer.addRecord(r);
  return { ...doc, signature: signer.sign(doc, key) };
}

export type ExportSignatureVerdict = { status: "valid"; keyId: string } | { status: "invalid" | "unchecked" | "unsigned"; reason: string };

/**
 * Checks an export's signature against the public keys held: names the field, or the record, that
 * no longer matches what was signed, or says the signature itself is not valid for its key.
 */
export function checkExportSignature(doc: Record<string, unknown>, keys: VerifyKeys): ExportSignatureVerdict {
  const sig = doc.signature as ExportSignature | undefined;
  if (!sig || typeof sig !== "object") return { status: "unsigned", reason: "the export carries no signature" };
  if (sig.format !== "vigil-export-signature/v1" || sig.algorithm !== "Ed25519" || typeof sig.keyId !== "string" || !sig.fields || !sig.records)
    return { status: "invalid", reason: "the export's signature block is malformed" };
  const present = Object.keys(doc).filter((k) => k !== "signature" && k !== sig.records.field && doc[k] !== undefined);
  for (const name of present) {
    if (!(name in sig.fields)) return { status: "invalid", reason: `the field "${name}" was added after signing` };
  }
  for (const [name, digest] of Object.entries(sig.fields)) {
    if (!(name in doc)) return { status: "invalid", reason: `the signed field "${name}" was removed` };
    if (sha256(canonicalJson(doc[name])) !== digest) return { status: "invalid", reason: `the field "${name}" was altered after signing` };
  }
  const records = (doc[sig.records.field] as unknown[]) ?? [];
  if (!Array.isArray(records)) return { status: "invalid", reason: `the "${sig.records.field}" list is missing` };
  if (records.length !== sig.records.count)
    return { status: "invalid", reason: `the "${sig.records.field}" list has ${records.length} records, but ${sig.records.count} were signed` };
  const hash = createHash("sha256");
  const each = records.map((r) => canonicalJson(r));
  for (const c of each) hash.update(c + "\n");
  if (hash.digest("hex") !== sig.records.sha256) {
    const bad = sig.records.each ? each.findIndex((c, i) => sha256(c) !== sig.records.each![i]) : -1;
    return {
      status: "invalid",
      reason:
        bad >= 0
          ? `record ${bad + 1} of "${sig.records.field}" was altered after signing`
          : `the "${sig.records.field}" records differ from those signed (altered, reordered or replaced)`,
    };
  }
  const key = keys.publicKeys.get(sig.keyId);
  if (!key) return { status: "unchecked", reason: `the export was signed with key "${sig.keyId}", which is not among the public keys given` };
  if (!ed25519Valid(signedMessage(sig), sig.value, key))
    return { status: "invalid", reason: `the export's signature is not valid for key "${sig.keyId}": the signature block was altered` };
  return { status: "valid", keyId: sig.keyId };
}

/** A detached Ed25519 signature over a file's exact bytes (the CSV exports): kept beside the file. */
export interface DetachedSignature {
  format: "vigil-detached-signature/v1";
  algorithm: "Ed25519";
  keyId: string;
  sha256: string;
  value: string;
}

export function signDetached(bytes: Uint8Array | string, key: SigningKey): DetachedSignature {
  const digest = createHash("sha256").update(bytes).digest("hex");
  return {
    format: "vigil-detached-signature/v1",
    algorithm: "Ed25519",
    keyId: key.id,
    sha256: digest,
    value: signEd25519(`vigil-detached-signature/v1|${key.id}|${digest}`, key.privateKey),
  };
}

export function checkDetachedSignature(bytes: Uint8Array | string, sig: DetachedSignature, keys: VerifyKeys): ExportSignatureVerdict {
  if (!sig || sig.format !== "vigil-detached-signature/v1" || sig.algorithm !== "Ed25519")
    return { status: "invalid", reason: "not a Vigil detached signature" };
  if (createHash("sha256").update(bytes).digest("hex") !== sig.sha256)
    return { status: "invalid", reason: "the file's bytes differ from those signed (its SHA-256 does not match)" };
  const key = keys.publicKeys.get(sig.keyId);
  if (!key) return { status: "unchecked", reason: `the file was signed with key "${sig.keyId}", which is not among the public keys given` };
  if (!ed25519Valid(`vigil-detached-signature/v1|${sig.keyId}|${sig.sha256}`, sig.value, key))
    return { status: "invalid", reason: `the signature is not valid for key "${sig.keyId}"` };
  return { status: "valid", keyId: sig.keyId };
}
