import { describe, expect, it, vi } from "vitest";
import { seededRandom } from "@/lib/random/seeded-random";
import { randomUnitVectors } from "./benchmark";
import { createGallery, emptyGallery, galleryFromMatrix, packedRowId, unpackGallery, type Gallery, type PackedGallery } from "./gallery";
import { createMatcher, createPackedMatcher, matchFaces, matchFacesExact, type FaceMatch } from "./match";
import { l2NormalizeInPlace } from "./vector";

const DIM = 128;

function unit(values: number[]): Float32Array {
  const v = new Float32Array(DIM);
  values.forEach((x, i) => (v[i] = x));
  l2NormalizeInPlace(v);
  return v;
}

/** A vector whose cosine with unit `base` is exactly `cos` (up to float rounding). */
function atCosine(base: Float32Array, cos: number, seed: number): Float32Array {
  const r = randomUnitVectors(1, DIM, seed);
  let d = 0;
  for (let k = 0; k < DIM; k++) d += r[k] * base[k];
  for (let k = 0; k < DIM; k++) r[k] -= d * base[k];
  l2NormalizeInPlace(r);
  const out = new Float32Array(DIM);
  const s = Math.sqrt(1 - cos * cos);
  for (let k = 0; k < DIM; k++) out[k] = cos * base[k] + s * r[k];
  return out;
}

/** Clustered gallery: many entries close to a few centres, so lots of scores crowd any threshold. */
function clusteredGallery(n: number, seed: number): { gallery: Gallery; centres: Float32Array } {
  const rnd = seededRandom(seed);
  const centres = randomUnitVectors(8, DIM, seed + 1);
  const noise = randomUnitVectors(n, DIM, seed + 2);
  const v = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rnd() * 8);
    const amount = 0.3 + rnd() * 1.2;
    for (let k = 0; k < DIM; k++) v[i * DIM + k] = centres[c * DIM + k] + amount * noise[i * DIM + k];
  }
  const ids = Array.from({ length: n }, (_, i) => `e${i}`);
  return { gallery: galleryFromMatrix(ids, v), centres };
}

describe("open-set matching", () => {
  const alice = unit([1, 0.2, 0]);
  const bob = unit([0, 1, 0.3]);
  const gallery = createGallery([
    { id: "alice", embedding: alice },
    { id: "bob", embedding: bob },
  ]);

  for (const kind of ["wasm-simd", "js"] as const) {
    it(`${kind}: returns the best entry only at or above the threshold`, () => {
      const m = createMatcher(gallery, { prefer: kind });
      expect(m.kind).toBe(kind);
      const probeNearAlice = atCosine(alice, 0.8, 1);
      const [hit] = m.match(probeNearAlice, 0.5);
      expect(hit.match?.id).toBe("alice");
      expect(hit.match?.score).toBeCloseTo(0.8, 5);

      // Closest person is Alice at 0.44 but the threshold is 0.45: no match, best kept for diagnostics.
      const probeFar = atCosine(alice, 0.44, 2);
      const [miss] = m.match(probeFar, 0.45);
      expect(miss.match).toBeNull();
      expect(miss.best?.id).toBe("alice");
      expect(miss.best?.score).toBeCloseTo(0.44, 5);
      expect(miss.candidates).toEqual([]);
    });
  }

  it("answers null for an empty watchlist and rejects a non-finite threshold", () => {
    const probe = unit([1]);
    for (const kind of ["wasm-simd", "js"] as const) {
      const m = createMatcher(emptyGallery(), { prefer: kind });
      expect(m.match(probe, 0.4)).toEqual([{ match: null, best: null, candidates: [] }]);
      expect(() => m.match(probe, Number.NaN)).toThrow(/finite/);
    }
  });

  it("handles several probes at once (packed or as a list)", () => {
    const packed = new Float32Array(2 * DIM);
    packed.set(alice, 0);
    packed.set(bob, DIM);
    const res = matchFaces(gallery, packed, 0.9);
    expect(res.map((r) => r.match?.id)).toEqual(["alice", "bob"]);
    expect(matchFaces(gallery, [bob, alice], 0.9).map((r) => r.match?.id)).toEqual(["bob", "alice"]);
    expect(() => matchFaces(gallery, new Float32Array(DIM + 1), 0.9)).toThrow(/multiple/);
  });

  it("returns candidates above the threshold, best first, limited to topK", () => {
    const probe = unit([1, 0.6, 0.1]);
    const res = matchFacesExact(gallery, probe, 0.1, { topK: 5 });
    expect(res[0].candidates.map((c) => c.id)).toEqual(["alice", "bob"]);
    expect(matchFacesExact(gallery, probe, 0.1, { topK: 1 })[0].candidates).toHaveLength(1);
  });
});

describe("SIMD int8 search equals exact float search", () => {
  it("on a clustered gallery with scores crowding the threshold", () => {
    for (const [n, seed] of [
      [1003, 11],
      [4096, 12],
      [257, 13],
    ] as const) {
      const { gallery, centres } = clusteredGallery(n, seed);
      const simd = createMatcher(gallery);
      expect(simd.kind).toBe("wasm-simd");
      const probes: Float32Array[] = [];
      for (let p = 0; p < 8; p++) probes.push(atCosine(centres.subarray(p * DIM, (p + 1) * DIM), 0.95, seed * 100 + p));
      for (let p = 0; p < 4; p++) probes.push(randomUnitVectors(1, DIM, seed * 1000 + p));
      for (const threshold of [0.2, 0.45, 0.6, 0.7, 0.8, 0.95]) {
        for (const topK of [50, 1]) {
          const fast = simd.match(probes, threshold, { topK });
          const exact = matchFacesExact(gallery, probes, threshold, { topK });
          expect(fast).toEqual(exact);
        }
      }
    }
  });

  it("on random unit vectors, with planted entries exactly around the threshold", () => {
    const n = 20_000;
    const v = randomUnitVectors(n, DIM, 99);
    const probe = randomUnitVectors(1, DIM, 7);
    // Plant entries at cosines straddling 0.45 by tiny amounts.
    const planted = [0.4499, 0.44999, 0.45, 0.45001, 0.4501, 0.46];
    planted.forEach((c, i) => v.set(atCosine(probe, c, 500 + i), i * 3001 * DIM));
    const gallery = galleryFromMatrix(
      Array.from({ length: n }, (_, i) => `r${i}`),
      v,
      { normalised: true },
    );
    const simd = createMatcher(gallery);
    const fast = simd.match(probe, 0.45, { topK: 10 });
    const exact = matchFacesExact(gallery, probe, 0.45, { topK: 10 });
    expect(fast).toEqual(exact);
    expect(fast[0].candidates.length).toBeGreaterThanOrEqual(2);
    // The live path (topK 1): the same decision, however close the planted entries are.
    const top1 = simd.match(probe, 0.45, { topK: 1 });
    expect(top1).toEqual(matchFacesExact(gallery, probe, 0.45, { topK: 1 }));
    expect(top1[0].match?.score).toBeCloseTo(0.46, 5);
    // Remove the 0.46 entry: the best is then the 0.4501 one, still a match; drop it too and 0.45 decides.
    v.set(randomUnitVectors(1, DIM, 4242), 5 * 3001 * DIM);
    v.set(randomUnitVectors(1, DIM, 4243), 4 * 3001 * DIM);
    const g2 = galleryFromMatrix(
      Array.from({ length: n }, (_, i) => `r${i}`),
      v,
      { normalised: true },
    );
    for (const t of [0.45, 0.45001, 0.450005]) expect(createMatcher(g2).match(probe, t, { topK: 1 })).toEqual(matchFacesExact(g2, probe, t, { topK: 1 }));
  });

  it("breaks ties like brute force (lowest index wins)", () => {
    const a = unit([1, 1, 1]);
    const g = createGallery([
      { id: "x", embedding: unit([0, 1]) },
      { id: "dup1", embedding: a },
      { id: "dup2", embedding: a },
      { id: "y", embedding: unit([1]) },
      { id: "dup3", embedding: a },
    ]);
    const fast = createMatcher(g).match(a, 0.5, { topK: 5 });
    expect(fast).toEqual(matchFacesExact(g, a, 0.5, { topK: 5 }));
    expect(fast[0].match?.id).toBe("dup1");
  });

  it("keeps the best score exact for diagnostics even far below the threshold", () => {
    const { gallery } = clusteredGallery(999, 21);
    const probe = randomUnitVectors(1, DIM, 4242);
    const fast = createMatcher(gallery).match(probe, 0.95);
    const exact = matchFacesExact(gallery, probe, 0.95);
    expect(fast[0].match).toBeNull();
    expect(fast[0].best).toEqual(exact[0].best);
  });
});

/** A float gallery packed as a snapshot carries it: int8 rows (max |value| -> 127) and 16-byte UUIDs. */
function pack(g: Gallery): PackedGallery {
  const n = g.ids.length;
  const rows = new Int8Array(n * DIM);
  const rowIds = new Uint8Array(n * 16);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let k = 0; k < DIM; k++) m = Math.max(m, Math.abs(g.vectors[i * DIM + k]));
    for (let k = 0; k < DIM; k++) rows[i * DIM + k] = m > 0 ? Math.round((g.vectors[i * DIM + k] / m) * 127) : 0;
    rowIds.set([i & 255, (i >> 8) & 255, (i >> 16) & 255, 0x40, 0x11, 0x22, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 7 * (i % 3)], i * 16);
  }
  return { dim: DIM, rowCount: n, rows, rowIds };
}

/** Same entries, same order, scores equal to within float rounding. */
function expectSameMatches(fast: FaceMatch[], exact: FaceMatch[]) {
  expect(fast.length).toBe(exact.length);
  fast.forEach((f, i) => {
    const e = exact[i];
    expect(f.match?.index ?? null).toBe(e.match?.index ?? null);
    expect(f.best?.index).toBe(e.best?.index);
    expect(f.best?.id).toBe(e.best?.id);
    expect(Math.abs(f.best!.score - e.best!.score)).toBeLessThan(1e-6);
    expect(f.candidates.map((c) => c.index)).toEqual(e.candidates.map((c) => c.index));
    f.candidates.forEach((c, j) => expect(Math.abs(c.score - e.candidates[j].score)).toBeLessThan(1e-6));
  });
}

describe("packed (int8) galleries go into the SIMD matcher as they are", () => {
  it("finds what exact search over the dequantised rows finds, on a crowded gallery", () => {
    const { gallery, centres } = clusteredGallery(3001, 31);
    const packed = pack(gallery);
    const m = createPackedMatcher(packed);
    expect(m.kind).toBe("wasm-simd");
    expect(m.size).toBe(3001);
    const reference = unpackGallery(packed);
    const probes: Float32Array[] = [];
    for (let p = 0; p < 8; p++) probes.push(atCosine(centres.subarray(p * DIM, (p + 1) * DIM), 0.95, 3100 + p));
    for (let p = 0; p < 4; p++) probes.push(randomUnitVectors(1, DIM, 3200 + p));
    for (const threshold of [0.2, 0.45, 0.7, 0.95]) {
      expectSameMatches(m.match(probes, threshold, { topK: 50 }), matchFacesExact(reference, probes, threshold, { topK: 50 }));
      // topK 1 (the live path) re-scores only the rows that could be the nearest
      expectSameMatches(m.match(probes, threshold, { topK: 1 }), matchFacesExact(reference, probes, threshold, { topK: 1 }));
    }
    // ...and what the float matcher built from the same rows finds.
    expectSameMatches(m.match(probes, 0.45, { topK: 50 }), createMatcher(reference).match(probes, 0.45, { topK: 50 }));
  });

  it("names rows by their entry UUID and offers the float form for small galleries", () => {
    const g = createGallery([
      { id: "a", embedding: unit([1, 0.2]) },
      { id: "b", embedding: unit([0, 1, 0.3]) },
    ]);
    const packed = pack(g);
    const m = createPackedMatcher(packed);
    const [r] = m.match(unit([1, 0.2]), 0.5);
    expect(r.match?.index).toBe(0);
    expect(r.match?.id).toBe(packedRowId(packed, 0));
    expect(r.match?.id).toMatch(/^00000040-1122-4000-8000-000000000000$/);
    expect(m.gallery.ids).toEqual([packedRowId(packed, 0), packedRowId(packed, 1)]);
    expect(r.match!.score).toBeGreaterThan(0.999);
  });

  it("still equals exact search when more rows pass the cutoff than the kernel lists (JS fallback)", () => {
    const n = 70_000;
    const v = randomUnitVectors(n, DIM, 77);
    const gallery = galleryFromMatrix(
      Array.from({ length: n }, (_, i) => `r${i}`),
      v,
      { normalised: true },
    );
    const packed = pack(gallery);
    const probe = randomUnitVectors(1, DIM, 78);
    const fast = createPackedMatcher(packed).match(probe, -1, { topK: 3 });
    expectSameMatches(fast, matchFacesExact(unpackGallery(packed), probe, -1, { topK: 3 }));
    // With topK 1 every row is still above the threshold, but only those that could be nearest are re-scored.
    expectSameMatches(createPackedMatcher(packed).match(probe, -1, { topK: 1 }), matchFacesExact(unpackGallery(packed), probe, -1, { topK: 1 }));
  });

  it("rejects a payload of the wrong shape", () => {
    expect(() => createPackedMatcher({ dim: DIM, rowCount: 2, rows: new Int8Array(DIM), rowIds: new Uint8Array(32) })).toThrow(/rows/);
    expect(() => createPackedMatcher({ dim: DIM, rowCount: 1, rows: new Int8Array(DIM), rowIds: new Uint8Array(8) })).toThrow(/rowIds/);
  });
});

describe("a large packed gallery scanned on several threads", () => {
  it("equals exact search, with planted matches in every thread's share", async () => {
    const n = 100_003;
    const v = randomUnitVectors(n, DIM, 91);
    const probes = [0, 1, 2, 3].map((p) => randomUnitVectors(1, DIM, 920 + p));
    // plant near-copies of the probes at the start, the middle and the end (the last thread's share)
    [
      [0, 10],
      [1, 50_001],
      [2, 99_990],
      [3, n - 1],
    ].forEach(([p, row], j) => v.set(atCosine(probes[p], 0.6 + 0.1 * j, 930 + j), row * DIM));
    const packed = pack(
      galleryFromMatrix(
        Array.from({ length: n }, (_, i) => `r${i}`),
        v,
        { normalised: true },
      ),
    );
    const { nodeScanHelperSpawner } = await import("./node/scan-helper-node");
    const m = createPackedMatcher(packed, { scanHelpers: { spawn: nodeScanHelperSpawner(), count: 2 } });
    try {
      const deadline = Date.now() + 10_000;
      while (m.threads < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(m.threads).toBe(3);
      const reference = unpackGallery(packed);
      for (const threshold of [0.3, 0.55, 0.75]) {
        const fast = m.match(probes, threshold, { topK: 5 });
        expectSameMatches(fast, matchFacesExact(reference, probes, threshold, { topK: 5 }));
      }
      expect(m.match(probes, 0.5).map((r) => r.match?.index)).toEqual([10, 50_001, 99_990, n - 1]);
    } finally {
      m.dispose();
    }
    expect(m.threads).toBe(1);
  });

  it("keeps one thread for a small gallery or without helpers", () => {
    const small = pack(clusteredGallery(500, 3).gallery);
    const spawn = vi.fn();
    expect(createPackedMatcher(small, { scanHelpers: { spawn, count: 2 } }).threads).toBe(1);
    expect(spawn).not.toHaveBeenCalled();
  });
});
