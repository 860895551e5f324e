import { GENESIS_HASH, hashEvent, type ChainedFields } from "./canonical";

export interface ChainRow extends ChainedFields {
  hash: string;
}

export interface ChainAnchor {
  /** The sequence number the walk starts after (0 for genesis). */
  seq: bigint;
  /** The hash of that event (GENESIS_HASH for genesis). */
  hash: string;
}

export type VerifyResult =
  | { ok: true; events: number; firstSeq: bigint | null; lastSeq: bigint | null; headHash: string }
  | { ok: false; events: number; badSeq: bigint; reason: string };

export const GENESIS_ANCHOR: ChainAnchor = { seq: 0n, hash: GENESIS_HASH };

/**
 * Walks rows in sequence order from an anchor. Any edited field (the hash no longer matches),
 * deleted or inserted row (a gap or a duplicate in the sequence, or a broken link), or reordered
 * rows is reported with the first bad sequence number. Pure: works on rows from the database
 * or from an export file.
 */
export class ChainVerifier {
  private expectedSeq: bigint;
  private prevHash: string;
  private count = 0;
  private first: bigint | null = null;
  failure: { badSeq: bigint; reason: string } | null = null;

  constructor(anchor: ChainAnchor = GENESIS_ANCHOR) {
    this.expectedSeq = anchor.seq + 1n;
    this.prevHash = anchor.hash;
  }

  private seen = new Map<bigint, string>();

  /** Returns false once the chain is broken (later rows are not looked at). */
  push(row: ChainRow): boolean {
    if (this.failure) return false;
    const seq = BigInt(row.seq);
    const fail = (reason: string, badSeq = seq) => {
      this.failure = { badSeq, reason };
      return false;
    };
    if (seq !== this.expectedSeq) {
      return seq > this.expectedSeq
        ? fail(`sequence jumps from ${this.expectedSeq - 1n} to ${seq}: event ${this.expectedSeq} is missing`, this.expectedSeq)
        : fail(`sequence ${seq} is out of order or repeated (expected ${this.expectedSeq})`);
    }
    if (row.prevHash !== this.prevHash) return fail(`event ${seq} does not link to the previous event's hash`);
    const computed = hashEvent({ ...row, seq, details: row.details });
    if (computed !== row.hash) return fail(`event ${seq} was altered: its content no longer matches its hash`);
    this.count++;
    this.first ??= seq;
    this.seen.set(seq, row.hash);
    this.prevHash = row.hash;
    this.expectedSeq = seq + 1n;
    return true;
  }

  /**
   * Signed checkpoints say which hash the chain had at a sequence number; they protect the
   * newest events, which no later link covers (an edited-and-rehashed or deleted last event).
   */
  checkAgainst(checkpoints: ChainAnchor[]): void {
    if (this.failure) return;
    for (const c of [...checkpoints].sort((a, b) => (a.seq < b.seq ? -1 : 1))) {
      if (c.seq >= this.expectedSeq) {
        this.failure = { badSeq: this.expectedSeq, reason: `events ${this.expectedSeq}..${c.seq}, covered by a signed checkpoint, are missing` };
        return;
      }
      const hash = this.seen.get(c.seq);
      if (hash !== undefined && hash !== c.hash) {
        this.failure = { badSeq: c.seq, reason: `event ${c.seq} does not have the hash its signed checkpoint recorded` };
        return;
      }
    }
  }

  result(): VerifyResult {
    if (this.failure) return { ok: false, events: this.count, ...this.failure };
    return { ok: true, events: this.count, firstSeq: this.first, lastSeq: this.first === null ? null : this.expectedSeq - 1n, headHash: this.prevHash };
  }
}

export function verifyChain(rows: Iterable<ChainRow>, anchor: ChainAnchor = GENESIS_ANCHOR, checkpoints: ChainAnchor[] = []): VerifyResult {
  const verifier = new ChainVerifier(anchor);
  for (const row of rows) if (!verifier.push(row)) break;
  verifier.checkAgainst(checkpoints);
  return verifier.result();
}

/** A database row known to be sequenced (seq, prevHash and hash set), as the chain walk needs it. */
export function sequencedRow<T extends { seq: bigint | null; prevHash: string | null; hash: string | null }>(
  row: T,
): T & { seq: bigint; prevHash: string; hash: string } {
  if (row.seq === null || row.prevHash === null || row.hash === null) throw new Error("audit event is not sequenced yet");
  return row as T & { seq: bigint; prevHash: string; hash: string };
}
