import { describe, expect, it } from "vitest";
import { HnswIndex } from "./hnsw-index";

function rng(seed: number) {
  return () => {
    let t = (seed = (seed + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
function unit(v: Float32Array) {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
function randomUnit(r: () => number, dim = 128) {
  return unit(Float32Array.from({ length: dim }, () => gauss(r)));
}
/** A vector near `centre`: cosine about 1/sqrt(1+spread²·dim)... controlled by `spread`. */
function near(r: () => number, centre: Float32Array, spread: number) {
  return unit(centre.map((x) => x + spread * gauss(r)));
}
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

function exactAtLeast(stored: Float32Array[], q: Float32Array, threshold: number) {
  return stored.map((v, i) => ({ key: i, score: dot(v, q) })).filter((h) => h.score >= threshold);
}

describe("HnswIndex against the exact scan", () => {
  it("random unit vectors: top-10 recall ≥ 0.95", () => {
    const r = rng(1);
    const stored = Array.from({ length: 2000 }, () => randomUnit(r));
    const index = new HnswIndex<number>({ dim: 128 });
    stored.forEach((v, i) => index.add(i, v));
    let hit = 0;
    let total = 0;
    for (let q = 0; q < 100; q++) {
      const query = randomUnit(r);
      const exact = stored
        .map((v, i) => [dot(v, query), i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 10)
        .map(([, i]) => i);
      const got = new Set(index.search(query, 10).map((h) => h.key));
      hit += exact.filter((i) => got.has(i)).length;
      total += 10;
    }
    console.log(`HNSW random 2000x128: top-10 recall ${(hit / total).toFixed(3)}`);
    expect(hit / total).toBeGreaterThanOrEqual(0.95);
  });

  it("clustered vectors (several photos per identity): every stored vector at or above the threshold is found", () => {
    const r = rng(2);
    const centres = Array.from({ length: 600 }, () => randomUnit(r));
    const stored: Float32Array[] = [];
    for (const c of centres) for (let k = 0; k < 1 + Math.floor(r() * 4); k++) stored.push(near(r, c, 0.08));
    const index = new HnswIndex<number>({ dim: 128 });
    stored.forEach((v, i) => index.add(i, v));
    let expected = 0;
    let found = 0;
    for (let q = 0; q < 200; q++) {
      const query = near(r, centres[Math.floor(r() * centres.length)], 0.08);
      const exact = exactAtLeast(stored, query, 0.4);
      const got = new Set(index.searchAtLeast(query, 0.4).map((h) => h.key));
      expected += exact.length;
      found += exact.filter((h) => got.has(h.key)).length;
      // never a false positive: every hit scores at or above the threshold
      for (const h of index.searchAtLeast(query, 0.4)) expect(dot(stored[h.key], query)).toBeGreaterThanOrEqual(0.4 - 1e-6);
    }
    console.log(`HNSW clustered: threshold recall ${found}/${expected}`);
    expect(expected).toBeGreaterThan(200);
    expect(found / expected).toBeGreaterThanOrEqual(0.99);
  });

  it("widens k when more than k stored vectors pass the threshold", () => {
    const r = rng(3);
    const centre = randomUnit(r);
    const index = new HnswIndex<number>({ dim: 128 });
    for (let i = 0; i < 100; i++) index.add(i, near(r, centre, 0.02));
    for (let i = 100; i < 400; i++) index.add(i, randomUnit(r));
    expect(index.searchAtLeast(centre, 0.5, 4)).toHaveLength(100);
  });

  it("an empty index finds nothing; a wrong dimension is refused", () => {
    const index = new HnswIndex<string>({ dim: 4 });
    expect(index.search(new Float32Array(4), 3)).toEqual([]);
    expect(() => index.add("a", new Float32Array(3))).toThrow(/4 dimensions/);
  });
});
