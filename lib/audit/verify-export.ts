import { hashEvent } from "./canonical";
import { checkpointMessage, checkpointSignatureValid } from "./checkpoint-signature";
import { verifyChain, type ChainRow } from "./verify-chain";

export interface ExportedCheckpoint {
  seq: string;
  hash: string;
  keyId: string;
  signature: string;
  createdAt: string;
}

/** The parts of a `vigil-audit-export/v1` file that verification reads. */
export interface AuditExportFile {
  format?: string;
  verifiable?: boolean;
  anchor: { seq: string; hash: string; checkpoint?: ExportedCheckpoint };
  checkpoints?: ExportedCheckpoint[];
  events: Record<string, unknown>[];
  truncated?: boolean;
}

export type ExportVerdict = { ok: true; summary: string; warnings: string[] } | { ok: false; badSeq: string | null; reason: string };

function revive(e: Record<string, unknown>): ChainRow {
  return { ...(e as unknown as ChainRow), seq: BigInt(e.seq as string), occurredAt: new Date(e.occurredAt as string) };
}

/**
 * Re-verifies an exported audit trail without the database. A contiguous export (filtered by time
 * only) must chain from its anchor through every event and match the checkpoints it carries; with
 * the signing key, every checkpoint's signature (and the anchor's, when older events were purged)
 * is checked too. A filtered export can only show that each event still matches its own hash.
 */
export function verifyExportFile(data: AuditExportFile, key: { id: string; secret: Buffer } | null): ExportVerdict {
  if (!data || !Array.isArray(data.events) || !data.anchor) return { ok: false, badSeq: null, reason: "not a Vigil audit export (no anchor or events)" };
  const warnings: string[] = [];
  const signatureProblem = (c: ExportedCheckpoint): string | null => {
    if (!key) return null;
    if (c.keyId !== key.id) return `checkpoint at event ${c.seq} was signed with key "${c.keyId}", not "${key.id}"`;
    return checkpointSignatureValid(checkpointMessage(c), c.signature, key.secret) ? null : `checkpoint at event ${c.seq} has an invalid signature`;
  };
  const checkpoints = data.checkpoints ?? [];
  for (const c of [...checkpoints, ...(data.anchor.checkpoint ? [data.anchor.checkpoint] : [])]) {
    const problem = signatureProblem(c);
    if (problem) return { ok: false, badSeq: c.seq, reason: problem };
  }
  if (!key && checkpoints.length) warnings.push("signatures not checked: set AUDIT_SIGNING_KEY (and AUDIT_SIGNING_KEY_ID) to check them");
  if (data.truncated) warnings.push("the export was truncated at its size limit: later events are not in it");

  if (data.verifiable === false) {
    for (const raw of data.events) {
      const row = revive(raw);
      if (hashEvent(row) !== row.hash) return { ok: false, badSeq: row.seq.toString(), reason: `event ${row.seq} was altered: its content no longer matches its hash` };
    }
    warnings.push("a filtered export: each event matches its own hash, but the links between events can only be checked in an export filtered by time alone");
    return { ok: true, summary: `${data.events.length} filtered events each match their hash`, warnings };
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
  const from = anchor.seq === 0n ? "genesis" : `event ${anchor.seq}${data.anchor.checkpoint ? " (signed anchor)" : ""}`;
  return {
    ok: true,
    summary: `${result.events} events chain from ${from} to event ${result.lastSeq ?? anchor.seq}, head ${result.headHash.slice(0, 16)}…, ${checkpoints.length} checkpoint(s) ${key ? "signed and " : ""}matched`,
    warnings,
  };
}
