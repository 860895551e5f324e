/**
 * A small HNSW graph (Malkov & Yashunin 2018) over unit vectors, scored by inner product (cosine).
 * Pure TypeScript, no native code: the duplicate check at enrolment asks it for every stored face
 * at or above a score instead of scanning the whole watchlist. Insert-only; a caller that deletes
 * rebuilds. Deterministic for a given seed, so tests are repeatable.
 */
export interface HnswOptions {
  dim: number;
  /** Links per node on the upper layers (2·m on layer 0). */
  m?: number;
  efConstruction?: number;
  efSearch?: number;
  seed?: number;
}

export interface HnswHit<K> {
  key: K;
  score: number;
}

/** A binary heap of [score, node] pairs; `max` orders by highest score first. */
class Heap {
  private s: number[] = [];
  private n: number[] = [];
  constructor(private readonly max: boolean) {}
  get size() {
    return this.n.length;
  }
  private before(a: number, b: number) {
    return this.max ? this.s[a] > this.s[b] : this.s[a] < this.s[b];
  }
  private swap(a: number, b: number) {
    [this.s[a], this.s[b]] = [this.s[b], this.s[a]];
    [this.n[a], this.n[b]] = [this.n[b], this.n[a]];
  }
  push(score: number, node: number) {
    this.s.push(score);
    this.n.push(node);
    let i = this.n.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  peekScore() {
    return this.s[0];
  }
  peekNode() {
    return this.n[0];
  }
  pop(): [number, number] {
    const top: [number, number] = [this.s[0], this.n[0]];
    const ls = this.s.pop()!;
    const ln = this.n.pop()!;
    if (this.n.length) {
      this.s[0] = ls;
      this.n[0] = ln;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let b = i;
        if (l < this.n.length && this.before(l, b)) b = l;
        if (r < this.n.length && this.before(r, b)) b = r;
        if (b === i) break;
        this.swap(i, b);
        i = b;
      }
    }
    return top;
  }
}

export class HnswIndex<K> {
  readonly dim: number;
  private readonly m: number;
  private readonly m0: number;
  private readonly efConstruction: number;
  efSearch: number;
  private readonly levelMult: number;
  private vectors: Float32Array;
  private readonly keys: K[] = [];
  /** links[node][level] = neighbour nodes. */
  private readonly links: Int32Array[][] = [];
  private entry = -1;
  private maxLevel = -1;
  private rng: number;
  /** Visited marks for a search, by node, stamped with a per-search epoch. */
  private marks = new Uint32Array(64);
  private epoch = 0;

  constructor(options: HnswOptions) {
    this.dim = options.dim;
    this.m = options.m ?? 16;
    this.m0 = this.m * 2;
    this.efConstruction = options.efConstruction ?? 128;
    this.efSearch = options.efSearch ?? 128;
    this.levelMult = 1 / Math.log(this.m);
    this.vectors = new Float32Array(this.dim * 64);
    this.rng = (options.seed ?? 0x9e3779b9) >>> 0;
  }

  get size() {
    return this.keys.length;
  }

  private random() {
    // mulberry32
    let t = (this.rng = (this.rng + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private dot(node: number, q: Float32Array) {
    const v = this.vectors;
    const o = node * this.dim;
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += v[o + i] * q[i];
    return s;
  }

  private vector(node: number) {
    return this.vectors.subarray(node * this.dim, (node + 1) * this.dim);
  }

  /** Best-first search on one layer; returns up to `ef` nodes as a min-heap by score. */
  private searchLayer(q: Float32Array, entries: number[], ef: number, level: number): Heap {
    if (this.marks.length < this.keys.length) {
      const grown = new Uint32Array(Math.max(64, this.keys.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    const epoch = ++this.epoch;
    const marks = this.marks;
    for (const e of entries) marks[e] = epoch;
    const candidates = new Heap(true);
    const found = new Heap(false);
    for (const e of entries) {
      const s = this.dot(e, q);
      candidates.push(s, e);
      found.push(s, e);
    }
    while (candidates.size) {
      const [s, c] = candidates.pop();
      if (found.size >= ef && s < found.peekScore()) break;
      const neighbours = this.links[c][level];
      for (let i = 0; i < neighbours.length; i++) {
        const n = neighbours[i];
        if (n < 0) break;
        if (marks[n] === epoch) continue;
        marks[n] = epoch;
        const ns = this.dot(n, q);
        if (found.size < ef || ns > found.peekScore()) {
          candidates.push(ns, n);
          found.push(ns, n);
          if (found.size > ef) found.pop();
        }
      }
    }
    return found;
  }

  /** The heuristic neighbour choice: keep a candidate only if it is closer to the node than to any kept neighbour. */
  private selectNeighbours(candidates: [number, number][], count: number): number[] {
    candidates.sort((a, b) => b[0] - a[0]);
    const kept: number[] = [];
    const skipped: number[] = [];
    for (const [score, node] of candidates) {
      if (kept.length >= count) break;
      const v = this.vector(node);
      if (kept.every((k) => this.dot(k, v) < score)) kept.push(node);
      else skipped.push(node);
    }
    for (const node of skipped) {
      if (kept.length >= count) break;
      kept.push(node);
    }
    return kept;
  }

  private setLinks(node: number, level: number, list: number[]) {
    const cap = level === 0 ? this.m0 : this.m;
    const arr = new Int32Array(cap).fill(-1);
    arr.set(list.slice(0, cap));
    this.links[node][level] = arr;
  }

  private linkCount(arr: Int32Array) {
    let n = 0;
    while (n < arr.length && arr[n] >= 0) n++;
    return n;
  }

  add(key: K, vector: Float32Array) {
    if (vector.length !== this.dim) throw new Error(`HNSW: expected ${this.dim} dimensions, got ${vector.length}.`);
    const node = this.keys.length;
    if ((node + 1) * this.dim > this.vectors.length) {
      const grown = new Float32Array(this.vectors.length * 2);
      grown.set(this.vectors);
      this.vectors = grown;
    }
    this.vectors.set(vector, node * this.dim);
    this.keys.push(key);
    const level = Math.floor(-Math.log(Math.max(1e-12, this.random())) * this.levelMult);
    this.links.push([]);
    for (let l = 0; l <= level; l++) this.setLinks(node, l, []);
    if (this.entry < 0) {
      this.entry = node;
      this.maxLevel = level;
      return;
    }
    const q = this.vector(node);
    let current = this.entry;
    for (let l = this.maxLevel; l > level; l--) {
      const h = this.searchLayer(q, [current], 1, l);
      while (h.size > 1) h.pop();
      current = h.peekNode();
    }
    let entries = [current];
    for (let l = Math.min(level, this.maxLevel); l >= 0; l--) {
      const h = this.searchLayer(q, entries, this.efConstruction, l);
      const found: [number, number][] = [];
      while (h.size) found.push(h.pop());
      const neighbours = this.selectNeighbours(found.slice(), this.m);
      this.setLinks(node, l, neighbours);
      const cap = l === 0 ? this.m0 : this.m;
      for (const n of neighbours) {
        const arr = this.links[n][l];
        const count = this.linkCount(arr);
        if (count < cap) {
          arr[count] = node;
          continue;
        }
        const nv = this.vector(n);
        const pool: [number, number][] = [[this.dot(node, nv), node]];
        for (let i = 0; i < count; i++) pool.push([this.dot(arr[i], nv), arr[i]]);
        this.setLinks(n, l, this.selectNeighbours(pool, cap));
      }
      entries = found.map(([, n]) => n);
    }
    if (level > this.maxLevel) {
      this.maxLevel = level;
      this.entry = node;
    }
  }

  /** The k best-scoring stored vectors, best first (approximate). */
  search(q: Float32Array, k: number, ef = Math.max(this.efSearch, k)): HnswHit<K>[] {
    if (this.entry < 0) return [];
    let current = this.entry;
    for (let l = this.maxLevel; l > 0; l--) {
      const h = this.searchLayer(q, [current], 1, l);
      while (h.size > 1) h.pop();
      current = h.peekNode();
    }
    const h = this.searchLayer(q, [current], Math.max(ef, k), 0);
    const out: HnswHit<K>[] = [];
    while (h.size) {
      const [score, node] = h.pop();
      out.push({ key: this.keys[node], score });
    }
    return out.reverse().slice(0, k);
  }

  /**
   * Every stored vector scoring at or above `threshold`, best first: asks for k nearest and
   * widens k until the worst returned is below the threshold (or everything was returned).
   */
  searchAtLeast(q: Float32Array, threshold: number, k = 16): HnswHit<K>[] {
    for (;;) {
      const hits = this.search(q, k);
      if (hits.length < k || hits[hits.length - 1].score < threshold || k >= this.size) return hits.filter((h) => h.score >= threshold);
      k *= 4;
    }
  }
}
