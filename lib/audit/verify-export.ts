import { hashEvent } from "./canonical";
import { checkCheckpointSignature } from "./checkpoint-signature";
import { checkExportSignature, type ExportSignature } from "./export-signature";
import { parsePublicKeys, keyIdFor, type VerifyKeys } from "./signing-key";
import { verifyChain, type ChainRow } from "./verify-chain";

export interface ExportedCheckpoint {
  seq: string;
  hash: string;
  keyId: string;
  algorithm?: string;
  signature: string;
  createdAt: string;
}

/** The parts of a `vigil-audit-export/v1` file that verification reads. */
export interface AuditExportFile {
  format?: string;
  verifiable?: boolean;
  anchor: { seq: string; hash: string; checkpoint?: ExportedCheckpoint };
  checkpoints?: ExportedCheckpoint[];
  publicKeys?: { keyId: string; algorithm: string; status?: string; publicKeyPem: string }[];
  events: Record<string, unknown>[];
  truncated?: boolean;
  signature?: ExportSignature;
  [field: string]: unknown;
}

export type ExportVerdict = { ok: true; summary: string; warnings: string[] } | { ok: false; badSeq: string | null; reason: string };

function revive(e: Record<string, unknown>): ChainRow {
  return { ...(e as unknown as ChainRow), seq: BigInt(e.seq as string), occurredAt: new Date(e.occurredAt as string) };
}

/** The public keys an export carries (for a verifier that was not given any; it says so). */
export function keysEmbeddedIn(data: { publicKeys?: AuditExportFile["publicKeys"] }): VerifyKeys {
  const map = new Map<string, ReturnType<typeof parsePublicKeys>[number]>();
  for (const k of data.publicKeys ?? []) {
    try {
      for (const key of parsePublicKeys(k.publicKeyPem)) map.set(keyIdFor(key), key);
    } catch {
      /* a malformed embedded key is simply not used */
    }
  }
  return { publicKeys: map, hmac: null };
}

/**
 * Re-verifies an exported audit trail without the database and without any secret. A contiguous
 * export (filtered by time only) must chain from its anchor through every event and match the
 * checkpoints it carries; every Ed25519 checkpoint signature (and the anchor's, when older events
 * were purged) and the export's own signature are checked with the public keys given. Legacy HMAC
 * checkpoints are checked only when the HMAC secret is held. A filtered export can only show that
 * each event still matches its own hash (its signature still covers the whole list).
 * `requireSignature`: an export without a signature fails (a verifier given a public key sets it).
 */
export function verifyExportFile(data: AuditExportFile, keys: VerifyKeys | null, opts: { requireSignature?: boolean } = {}): ExportVerdict {
  try {
    return verifyExportFileOrThrow(data, keys, opts);
  } catch (error) {
    // A structure the verifier cannot read (a renamed or retyped field): say which signed field changed when the signature can tell.
    const signature = keys && data && typeof data === "object" ? checkExportSignature(data, keys) : null;
    if (signature && signature.status === "invalid") return { ok: false, badSeq: null, reason: signature.reason };
    return { ok: false, badSeq: null, reason: `the export's structure was altered: ${(error as Error).message}` };
  }
}

function verifyExportFileOrThrow(data: AuditExportFile, keys: VerifyKeys | null, opts: { requireSignature?: boolean }): ExportVerdict {
  if (!data || !Array.isArray(data.events) || !data.anchor) return { ok: false, badSeq: null, reason: "not a Vigil audit export (no anchor or events)" };
  const warnings: string[] = [];
  const checkpoints = data.checkpoints ?? [];
  let legacyUnchecked = 0;
  let signedChecked = 0;
  for (const c of [...checkpoints, ...(data.anchor.checkpoint ? [data.anchor.checkpoint] : [])]) {
    if (!keys) continue;
    const verdict = checkCheckpointSignature(c, keys);
    if (verdict.status === "invalid") return { ok: false, badSeq: c.seq, reason: verdict.reason };
    if (verdict.status === "unchecked") {
      if ((c.algorithm ?? "HMAC-SHA256") === "HMAC-SHA256" && !keys.hmac) legacyUnchecked++;
      else return { ok: false, badSeq: c.seq, reason: verdict.reason };
    } else signedChecked++;
  }
  if (!keys && checkpoints.length) warnings.push("signatures not checked: give the public key (--public-key key.pem, from GET /api/audit/keys)");
  if (legacyUnchecked)
    warnings.push(`${legacyUnchecked} legacy HMAC checkpoint(s) not checked (only the HMAC secret's holder can); the export's Ed25519 signature covers them`);
  if (data.truncated) warnings.push("the export was truncated at its size limit: later events are not in it");

  const signatureCheck = (): ExportVerdict | null => {
    if (!keys) return null;
    const verdict = checkExportSignature(data, keys);
    if (verdict.status === "valid") return null;
    if (verdict.status === "unsigned") {
      if (opts.requireSignature) return { ok: false, badSeq: null, reason: verdict.reason };
      warnings.push("the export carries no signature (made before exports were signed)");
      return null;
    }
    return { ok: false, badSeq: null, reason: verdict.reason };
  };

  if (data.verifiable === false) {
    for (const raw of data.events) {
      const row = revive(raw);
      if (hashEvent(row) !== row.hash)
        return { ok: false, badSeq: row.seq.toString(), reason: `event ${row.seq} was altered: its content no longer matches its hash` };
    }
    const bad = signatureCheck();
    if (bad) return bad;
    warnings.push("a filtered export: each event matches its own hash, but the links between events can only be checked in an export filtered by time alone");
    return {
      ok: true,
      summary: `${data.events.length} filtered events each match their hash${keys && data.signature ? `, export signed by ${data.signature.keyId}` : ""}`,
      warnings,
    };
  }

  const anchor = { seq: BigInt(data.anchor.seq), hash: data.anchor.hash };
  if (data.anchor.checkpoint && data.anchor.checkpoint.hash !== data.anchor.hash) {
    return { ok: false, badSeq: data.anchor.seq, reason: "the anchor's hash differs from its signed checkpoint" };
  }
  const result = verifyChain(
    data.events.map(revive),
    anchor,
    checkpoints.map((c) => ({ seq: BigInt(c.seq), hash: c.hash })),
  );
  if (!result.ok) return { ok: false, badSeq: result.badSeq.toString(), reason: result.reason };
  const bad = signatureCheck();
  if (bad) return bad;
  const from = anchor.seq === 0n ? "genesis" : `event ${anchor.seq}${data.anchor.checkpoint ? " (signed anchor)" : ""}`;
  return {
    ok: true,
    summary:
      `${result.events} events chain from ${from} to event ${result.lastSeq ?? anchor.seq}, head ${result.headHash.slice(0, 16)}…, ${checkpoints.length} checkpoint(s) matched` +
      (keys ? `, ${signedChecked} checkpoint signature(s) valid${data.signature ? `, export signed by ${data.signature.keyId}` : ""}` : ""),
    warnings,
  };
}
