import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEvent } from "./canonical";
import { verifyChain, type ChainRow } from "./verify-chain";

function buildChain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      seq: BigInt(i),
      occurredAt: new Date(Date.UTC(2026, 10, 22, 10, 0, i)),
      actorId: i % 3 ? `00000000-0000-4000-8000-00000000000${i % 3}` : null,
      actorEmail: i % 3 ? `user${i % 3}@vigil.local` : null,
      actorRole: i % 3 ? "OPERATOR" : null,
      action: ["alert.create", "alert.confirm", "user.update", "access.deny"][i % 4],
      outcome: i % 5 ? "ok" : "denied",
      targetType: "alert",
      targetId: `t-${i}`,
      deploymentId: null,
      details: { n: i, nested: { list: [i, "x"], flag: i % 2 === 0 } },
      requestId: `req-${i}`,
      ip: null,
      prevHash: prev,
    };
    const hash = hashEvent(fields);
    rows.push({ ...fields, hash });
    prev = hash;
  }
  return rows;
}

/** Small deterministic PRNG so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

type Tamper = (rows: ChainRow[], i: number, rand: () => number) => { rows: ChainRow[]; firstBad: bigint };

const TAMPERS: Record<string, Tamper> = {
  editAction: (rows, i) => ({ rows: rows.map((r, k) => (k === i ? { ...r, action: r.action + "!" } : r)), firstBad: rows[i].seq }),
  editDetails: (rows, i) => ({ rows: rows.map((r, k) => (k === i ? { ...r, details: { ...(r.details as object), n: -1 } } : r)), firstBad: rows[i].seq }),
  editActor: (rows, i) => ({ rows: rows.map((r, k) => (k === i ? { ...r, actorEmail: "someone-else@vigil.local" } : r)), firstBad: rows[i].seq }),
  editTime: (rows, i) => ({ rows: rows.map((r, k) => (k === i ? { ...r, occurredAt: new Date(r.occurredAt.getTime() + 1) } : r)), firstBad: rows[i].seq }),
  editOutcome: (rows, i) => ({ rows: rows.map((r, k) => (k === i ? { ...r, outcome: r.outcome === "ok" ? "denied" : "ok" } : r)), firstBad: rows[i].seq }),
  rehashEdited: (rows, i) => {
    // An attacker edits a row and recomputes its own hash: the next row no longer links to it.
    const edited = { ...rows[i], action: "forged" };
    const forged = { ...edited, hash: hashEvent(edited) };
    return { rows: rows.map((r, k) => (k === i ? forged : r)), firstBad: i + 1 < rows.length ? rows[i + 1].seq : rows[i].seq };
  },
  delete: (rows, i) => ({ rows: rows.filter((_, k) => k !== i), firstBad: rows[i].seq }),
  insert: (rows, i) => {
    const fake = { ...rows[i], action: "inserted" };
    return { rows: [...rows.slice(0, i + 1), { ...fake, hash: hashEvent(fake) }, ...rows.slice(i + 1)], firstBad: rows[i].seq };
  },
  swap: (rows, i) => {
    const j = i + 1 < rows.length ? i + 1 : i - 1;
    const copy = [...rows];
    [copy[i], copy[j]] = [copy[j], copy[i]];
    return { rows: copy, firstBad: rows[Math.min(i, j)].seq };
  },
  renumber: (rows, i) => ({ rows: rows.map((r, k) => (k === i ? { ...r, seq: r.seq + 1000n } : r)), firstBad: rows[i].seq }),
};

describe("audit chain verifier", () => {
  it("accepts an intact chain and reports its head", () => {
    const rows = buildChain(50);
    const result = verifyChain(rows);
    expect(result).toMatchObject({ ok: true, events: 50, firstSeq: 1n, lastSeq: 50n, headHash: rows[49].hash });
  });

  it("catches every tampering, in random rows, in random ways, naming the first bad event", () => {
    const rand = rng(20261122);
    const names = Object.keys(TAMPERS);
    for (let trial = 0; trial < 500; trial++) {
      const rows = buildChain(20 + Math.floor(rand() * 30));
      const i = Math.floor(rand() * rows.length);
      const name = names[Math.floor(rand() * names.length)];
      const { rows: tampered, firstBad } = TAMPERS[name](rows, i, rand);
      const head = { seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash };
      const result = verifyChain(tampered, undefined, [head]);
      expect(result.ok, `${name} at row ${i} (trial ${trial}) was not caught`).toBe(false);
      if (!result.ok) expect(result.badSeq, `${name} at row ${i}`).toBe(firstBad);
    }
  });

  it("without a checkpoint, a re-hashed last event is invisible; with one it is caught", () => {
    const rows = buildChain(10);
    const last = { ...rows[9], action: "forged" };
    const forged = [...rows.slice(0, 9), { ...last, hash: hashEvent(last) }];
    expect(verifyChain(forged).ok).toBe(true);
    expect(verifyChain(forged, undefined, [{ seq: 10n, hash: rows[9].hash }])).toMatchObject({ ok: false, badSeq: 10n });
    expect(verifyChain(rows.slice(0, 8), undefined, [{ seq: 10n, hash: rows[9].hash }])).toMatchObject({ ok: false, badSeq: 9n });
  });

  it("verifies a slice from a later anchor", () => {
    const rows = buildChain(30);
    expect(verifyChain(rows.slice(10), { seq: rows[9].seq, hash: rows[9].hash }).ok).toBe(true);
    expect(verifyChain(rows.slice(10), { seq: rows[8].seq, hash: rows[8].hash }).ok).toBe(false);
  });
});
