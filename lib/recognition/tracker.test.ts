import { describe, expect, it } from "vitest";
import { randomUnitVectors } from "./benchmark";
import { FaceTracker, type TrackerEvent, type TrackObservation } from "./tracker";

const DIM = 128;
const alice = randomUnitVectors(1, DIM, 1);
const bob = randomUnitVectors(1, DIM, 2);

/** `base` plus a little noise: the same person in another frame. */
function jitter(base: Float32Array, seed: number, amount = 0.15): Float32Array {
  const n = randomUnitVectors(1, DIM, seed);
  const v = new Float32Array(DIM);
  let s = 0;
  for (let k = 0; k < DIM; k++) {
    v[k] = base[k] + amount * n[k];
    s += v[k] * v[k];
  }
  for (let k = 0; k < DIM; k++) v[k] /= Math.sqrt(s);
  return v;
}

const box = (x: number, y = 100, size = 80) => ({ x, y, width: size, height: size });
const matches = (events: TrackerEvent[]) => events.filter((e) => e.type === "match");

describe("FaceTracker", () => {
  it("one person walking past gives one track and ONE match event with the best frame", () => {
    const tracker = new FaceTracker({ confirmFrames: 2, maxGapMs: 500 });
    const scores = [0.5, 0.62, 0.71, 0.58, 0.66, 0.52];
    const events: TrackerEvent[] = [];
    const ids = new Set<number>();
    scores.forEach((score, i) => {
      const obs: TrackObservation = { box: box(100 + i * 12), embedding: jitter(alice, 10 + i), match: { id: "alice", score } };
      const r = tracker.update({ frameId: i + 1, timestamp: i * 100 }, [obs]);
      ids.add(r.trackIds[0]);
      events.push(...r.events);
    });
    expect(ids.size).toBe(1);
    const m = matches(events);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ type: "match", entryId: "alice", matchedFrames: 2 });
    // Emitted after the 2nd matched frame: best so far is frame 2 (0.62).
    if (m[0].type === "match") expect(m[0].best).toMatchObject({ frameId: 2, score: 0.62 });

    // The person leaves; after the gap the track ends with the best frame over the whole track.
    const end = tracker.update({ frameId: 100, timestamp: 5000 }, []).events;
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ type: "track-ended", matchEmitted: true, entryId: "alice", frames: 6 });
    if (end[0].type === "track-ended") expect(end[0].best).toMatchObject({ frameId: 3, score: 0.71 });
    expect(tracker.activeTracks).toBe(0);
  });

  it("keeps two people apart and emits one event each", () => {
    const tracker = new FaceTracker({ confirmFrames: 2 });
    const events: TrackerEvent[] = [];
    const seen = new Map<string, Set<number>>([
      ["alice", new Set()],
      ["bob", new Set()],
    ]);
    for (let i = 0; i < 5; i++) {
      const r = tracker.update({ frameId: i, timestamp: i * 40 }, [
        { box: box(100 + i * 5), embedding: jitter(alice, 100 + i), match: { id: "alice", score: 0.7 } },
        { box: box(400 - i * 5), embedding: jitter(bob, 200 + i), match: { id: "bob", score: 0.6 } },
      ]);
      seen.get("alice")!.add(r.trackIds[0]);
      seen.get("bob")!.add(r.trackIds[1]);
      events.push(...r.events);
    }
    expect(seen.get("alice")!.size).toBe(1);
    expect(seen.get("bob")!.size).toBe(1);
    expect([...seen.get("alice")!][0]).not.toBe([...seen.get("bob")!][0]);
    expect(
      matches(events)
        .map((e) => (e.type === "match" ? e.entryId : ""))
        .sort(),
    ).toEqual(["alice", "bob"]);
  });

  it("does not link an overlapping box with a clearly different face (people crossing)", () => {
    const tracker = new FaceTracker();
    const a = tracker.update({ frameId: 1, timestamp: 0 }, [{ box: box(100), embedding: alice }]).trackIds[0];
    const b = tracker.update({ frameId: 2, timestamp: 40 }, [{ box: box(104), embedding: bob }]).trackIds[0];
    expect(b).not.toBe(a);
  });

  it("re-links by embedding after a jump without overlap", () => {
    const tracker = new FaceTracker({ reidSimilarity: 0.6 });
    const a = tracker.update({ frameId: 1, timestamp: 0 }, [{ box: box(100), embedding: alice }]).trackIds[0];
    const b = tracker.update({ frameId: 2, timestamp: 200 }, [{ box: box(600), embedding: jitter(alice, 5, 0.05) }]).trackIds[0];
    expect(b).toBe(a);
  });

  it("links by IoU alone when faces have no embedding (failed quality gates)", () => {
    const tracker = new FaceTracker();
    const a = tracker.update({ frameId: 1, timestamp: 0 }, [{ box: box(100) }]).trackIds[0];
    const b = tracker.update({ frameId: 2, timestamp: 40 }, [{ box: box(110) }]).trackIds[0];
    const c = tracker.update({ frameId: 3, timestamp: 80 }, [{ box: box(500) }]).trackIds[0];
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it("expires tracks after the configured gap and starts a new one", () => {
    const tracker = new FaceTracker({ maxGapMs: 300 });
    const a = tracker.update({ frameId: 1, timestamp: 0 }, [{ box: box(100), embedding: alice }]).trackIds[0];
    const same = tracker.update({ frameId: 2, timestamp: 290 }, [{ box: box(100), embedding: alice }]);
    expect(same.trackIds[0]).toBe(a);
    const later = tracker.update({ frameId: 3, timestamp: 700 }, [{ box: box(100), embedding: alice }]);
    expect(later.trackIds[0]).not.toBe(a);
    expect(later.events).toEqual([expect.objectContaining({ type: "track-ended", trackId: a, matchEmitted: false, entryId: null })]);
  });

  it("a single unconfirmed match is not an alert unless emitUnconfirmedOnEnd", () => {
    for (const emitUnconfirmedOnEnd of [false, true]) {
      const tracker = new FaceTracker({ confirmFrames: 3, emitUnconfirmedOnEnd });
      const events = [
        ...tracker.update({ frameId: 1, timestamp: 0 }, [{ box: box(100), embedding: alice, match: { id: "alice", score: 0.5 } }]).events,
        ...tracker.update({ frameId: 2, timestamp: 40 }, [{ box: box(102), embedding: alice, match: null }]).events,
        ...tracker.flush(),
      ];
      expect(matches(events)).toHaveLength(emitUnconfirmedOnEnd ? 1 : 0);
      const ended = events.find((e) => e.type === "track-ended");
      expect(ended).toMatchObject({ matchEmitted: emitUnconfirmedOnEnd, entryId: "alice" });
    }
  });
});

describe("FaceTracker at 2 frames/s and with dropped frames (time-based association)", () => {
  /** A pass: the face crosses the view at `speed` px/s, sampled every `periodMs`, minus `drop`ped frame indices. */
  function pass(
    tracker: FaceTracker,
    who: Float32Array,
    opts: {
      periodMs: number;
      frames: number;
      speed: number;
      drop?: number[];
      t0?: number;
      seed?: number;
      noise?: number;
      match?: (i: number) => { id: string; score: number } | null;
    },
  ) {
    const events: TrackerEvent[] = [];
    const ids = new Set<number>();
    for (let i = 0; i < opts.frames; i++) {
      if (opts.drop?.includes(i)) continue;
      const t = (opts.t0 ?? 0) + i * opts.periodMs;
      const obs: TrackObservation = {
        box: box(50 + (opts.speed * t) / 1000, 120, 80),
        embedding: jitter(who, (opts.seed ?? 500) + i, opts.noise ?? 0.35),
        match: opts.match ? opts.match(i) : null,
        quality: { score: 0.9, faceSize: 80, alignmentError: 3 },
      };
      const r = tracker.update({ frameId: i, timestamp: t }, [obs]);
      ids.add(r.trackIds[0]);
      events.push(...r.events);
    }
    events.push(...tracker.flush());
    return { ids, events };
  }

  it("keeps one identity at 2 frames/s although consecutive boxes never overlap", () => {
    // 160 px/s = 2 face widths/s: at 500 ms apart the boxes are 80 px apart (IoU 0).
    const tracker = new FaceTracker();
    const { ids, events } = pass(tracker, alice, { periodMs: 500, frames: 6, speed: 160, match: () => ({ id: "alice", score: 0.55 }) });
    expect(ids.size).toBe(1);
    expect(matches(events)).toHaveLength(1);
    expect(events.filter((e) => e.type === "track-ended")).toHaveLength(1);
  });

  it("keeps one identity through dropped frames (gaps up to 1.5 s)", () => {
    const tracker = new FaceTracker();
    const { ids, events } = pass(tracker, alice, {
      periodMs: 500,
      frames: 8,
      speed: 120,
      drop: [2, 3, 5],
      match: (i) => (i % 2 ? { id: "alice", score: 0.5 } : null),
    });
    expect(ids.size).toBe(1);
    expect(matches(events)).toHaveLength(1);
  });

  it("two people crossing at 2 frames/s keep their own tracks", () => {
    const tracker = new FaceTracker();
    const seen = { a: new Set<number>(), b: new Set<number>() };
    for (let i = 0; i < 6; i++) {
      const t = i * 500;
      const r = tracker.update({ frameId: i, timestamp: t }, [
        { box: box(100 + i * 70), embedding: jitter(alice, 700 + i, 0.35) },
        { box: box(450 - i * 70), embedding: jitter(bob, 800 + i, 0.35) },
      ]);
      seen.a.add(r.trackIds[0]);
      seen.b.add(r.trackIds[1]);
    }
    expect(seen.a.size).toBe(1);
    expect(seen.b.size).toBe(1);
    expect([...seen.a][0]).not.toBe([...seen.b][0]);
  });

  it("decides per track on the fused embedding: exactly one match event per pass, none for a stranger", () => {
    // The watchlist holds alice. Each frame alone is a noisy view; the fused one is closer to her.
    const gallery = [{ id: "alice", v: alice }];
    const threshold = 0.75;
    const calls: number[] = [];
    const matcher = (e: Float32Array) => {
      let bestId = "";
      let best = -1;
      for (const g of gallery) {
        let s = 0;
        for (let k = 0; k < DIM; k++) s += g.v[k] * e[k];
        if (s > best) [best, bestId] = [s, g.id];
      }
      calls.push(best);
      return best >= threshold ? { id: bestId, score: best } : null;
    };
    const perFrame = Array.from({ length: 6 }, (_, i) => {
      const v = jitter(alice, 900 + i, 1);
      let s = 0;
      for (let k = 0; k < DIM; k++) s += v[k] * alice[k];
      return s;
    });
    const alicePass = pass(new FaceTracker({}, matcher), alice, { periodMs: 500, frames: 6, speed: 100, seed: 900, noise: 1 });
    // Every noisy single frame is below the threshold: per-frame decisions would never alert.
    expect(Math.max(...perFrame)).toBeLessThan(threshold);
    expect(alicePass.ids.size).toBe(1);
    const m = matches(alicePass.events);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ entryId: "alice" });

    const strangerPass = pass(new FaceTracker({}, matcher), bob, { periodMs: 500, frames: 6, speed: 100, seed: 950, noise: 1 });
    expect(matches(strangerPass.events)).toHaveLength(0);
    expect(calls.length).toBeGreaterThan(0);
  });

  it("a fused decision still needs confirmFrames embedded frames (a single-frame glimpse does not alert)", () => {
    const tracker = new FaceTracker({ confirmFrames: 2 }, () => ({ id: "alice", score: 0.9 }));
    const one = tracker.update({ frameId: 1, timestamp: 0 }, [{ box: box(100), embedding: alice }]);
    expect(matches(one.events)).toHaveLength(0);
    const two = tracker.update({ frameId: 2, timestamp: 500 }, [{ box: box(160), embedding: jitter(alice, 3, 0.2) }]);
    expect(matches(two.events)).toHaveLength(1);
    const three = tracker.update({ frameId: 3, timestamp: 1000 }, [{ box: box(220), embedding: jitter(alice, 4, 0.2) }]);
    expect(matches(three.events)).toHaveLength(0);
  });
});

describe("FaceTracker.embeddingWanted (embed a track again only when it can change the decision)", () => {
  const fused = (e: Float32Array) => (e[0] * alice[0] > 0 ? { id: "alice", score: 0.8 } : null);
  const quality = { score: 0.9, faceSize: 120, alignmentError: 0.05 };

  it("a still face at 20 frames/s is embedded for its first frames and then about once a second, with one match event", () => {
    const tracker = new FaceTracker({}, fused);
    let embedded = 0;
    const events: TrackerEvent[] = [];
    for (let i = 0; i < 60; i++) {
      const t = i * 50;
      const [want] = tracker.embeddingWanted(t, [{ box: box(100), quality }]);
      if (want) embedded++;
      const r = tracker.update({ frameId: i, timestamp: t }, [{ box: box(100), embedding: want ? jitter(alice, 100 + i, 0.05) : null, quality }]);
      events.push(...r.events);
    }
    expect(matches(events)).toHaveLength(1);
    // FUSE_TOP_K (5) frames to fill the fused set, then one every reembedMs (1 s) over the 3 s.
    expect(embedded).toBe(5 + 2);
    expect(tracker.currentMatch(1)).toEqual({ id: "alice", score: 0.8 });
  });

  it("a better frame than the fused set is embedded", () => {
    const tracker = new FaceTracker({}, fused);
    const fair = { ...quality, score: 0.8 };
    for (let i = 0; i < 5; i++) tracker.update({ frameId: i, timestamp: i * 50 }, [{ box: box(100), embedding: jitter(alice, 200 + i, 0.05), quality: fair }]);
    expect(tracker.embeddingWanted(300, [{ box: box(100), quality: fair }])).toEqual([false]);
    expect(tracker.embeddingWanted(300, [{ box: box(100), quality: { ...fair, score: 0.6 } }])).toEqual([false]);
    // Better, but by less than the 10 % margin: not worth an embedding.
    expect(tracker.embeddingWanted(300, [{ box: box(100), quality: { ...fair, score: 0.85 } }])).toEqual([false]);
    expect(tracker.embeddingWanted(300, [{ box: box(100), quality: { ...fair, score: 0.97 } }])).toEqual([true]);
    // A small input's quality only decides whether to refine the landmarks: it must be 25 % better.
    expect(tracker.embeddingWanted(300, [{ box: box(100), quality: { ...fair, score: 0.97 } }], { coarse: true })).toEqual([false]);
    const weaker = new FaceTracker({}, fused);
    const low = { ...quality, score: 0.7 };
    for (let i = 0; i < 5; i++) weaker.update({ frameId: i, timestamp: i * 50 }, [{ box: box(100), embedding: jitter(alice, 210 + i, 0.05), quality: low }]);
    expect(weaker.embeddingWanted(300, [{ box: box(100), quality: { ...low, score: 0.85 } }])).toEqual([true]);
    expect(weaker.embeddingWanted(300, [{ box: box(100), quality: { ...low, score: 0.85 } }], { coarse: true })).toEqual([false]);
    expect(weaker.embeddingWanted(300, [{ box: box(100), quality: { ...low, score: 0.9 } }], { coarse: true })).toEqual([true]);
    // A face far from every track is new: wanted whatever the stage.
    expect(weaker.embeddingWanted(300, [{ box: box(900), quality: low }], { coarse: true })).toEqual([true]);
  });

  it("new, ambiguous and unconfirmed faces are always embedded", () => {
    const tracker = new FaceTracker({}, fused);
    expect(tracker.embeddingWanted(0, [{ box: box(100), quality }])).toEqual([true]);
    tracker.update({ frameId: 0, timestamp: 0 }, [{ box: box(100), embedding: jitter(alice, 300, 0.05), quality }]);
    // Confirmation needs 2 embedded frames.
    expect(tracker.embeddingWanted(50, [{ box: box(100), quality }])).toEqual([true]);
    for (let i = 1; i < 5; i++) tracker.update({ frameId: i, timestamp: i * 50 }, [{ box: box(100), embedding: jitter(alice, 300 + i, 0.05), quality }]);
    // Two faces close to one track: which is which needs the embeddings.
    expect(
      tracker.embeddingWanted(300, [
        { box: box(100), quality },
        { box: box(130), quality },
      ]),
    ).toEqual([true, true]);
    // A face far from every track is new.
    expect(
      tracker.embeddingWanted(300, [
        { box: box(100), quality },
        { box: box(900), quality },
      ]),
    ).toEqual([false, true]);
  });

  it("without a fused matcher (per-frame voting) every face is embedded", () => {
    const tracker = new FaceTracker();
    for (let i = 0; i < 6; i++) tracker.update({ frameId: i, timestamp: i * 50 }, [{ box: box(100), embedding: jitter(alice, 400 + i, 0.05), quality }]);
    expect(tracker.embeddingWanted(300, [{ box: box(100), quality }])).toEqual([true]);
  });
});
