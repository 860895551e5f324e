import { frameQualityWeight, fuseEmbeddings, FUSE_TOP_K, type FrameQuality } from "./fuse-track";
import { iou } from "./nms";
import type { Box } from "./types";
import { cosine } from "./vector";

export interface TrackerOptions {
  /** Minimum IoU with a track's last box to link a detection by position. */
  iouThreshold: number;
  /** A detection whose embedding is this similar to a track's may link without overlap (fast motion, brief occlusion). */
  reidSimilarity: number;
  /** A detection whose embedding is less similar than this never links, however much it overlaps (two people crossing). */
  vetoSimilarity: number;
  /** A track not seen for longer than this ends. */
  maxGapMs: number;
  /** Observations matched to the same watchlist entry before the track's match event is emitted. */
  confirmFrames: number;
  /** When a track ends with matched observations but fewer than `confirmFrames`, emit its match anyway. */
  emitUnconfirmedOnEnd: boolean;
  /**
   * Time-based association: a face may move this many of its own widths per second and still
   * link by position (the predicted box, from the track's velocity, must be within reach). This
   * is what keeps one identity at 2 frames/s and through dropped frames, where boxes of
   * consecutive frames no longer overlap.
   */
  maxSpeedWidthsPerSecond: number;
  /** With a position link (not IoU), the embeddings must still be at least this similar. */
  motionSimilarity: number;
  /** `embeddingWanted`: embed a linked face at least this often (ms), so a swap of people is still caught. */
  reembedMs: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  iouThreshold: 0.3,
  reidSimilarity: 0.6,
  vetoSimilarity: 0.25,
  maxGapMs: 1500,
  confirmFrames: 2,
  emitUnconfirmedOnEnd: false,
  maxSpeedWidthsPerSecond: 3,
  motionSimilarity: 0.35,
  reembedMs: 1000,
};

/**
 * Matches a track's fused embedding against the watchlist at the threshold in force (open set):
 * the entry, or null. Given to the tracker, it makes the decision per track, not per frame.
 */
export type FusedMatcher = (embedding: Float32Array) => { id: string; score: number } | null;

/** One face in one frame, as the tracker sees it. */
export interface TrackObservation {
  box: Box;
  /** Unit embedding, when the face passed the quality gates. */
  embedding?: Float32Array | null;
  /** Open-set match of this observation (already thresholded), or null. */
  match?: { id: string; score: number } | null;
  /** Detector score, face size and pose of this observation: its weight in the track's fused embedding. */
  quality?: FrameQuality;
}

export interface FrameRef {
  frameId: number;
  /** ms, monotonic (e.g. performance.now() or the video frame's timestamp) */
  timestamp: number;
}

export interface BestFrame extends FrameRef {
  box: Box;
  score: number;
}

/** The one alert-worthy event of a track: a confirmed watchlist match, with its best frame so far. */
export interface TrackMatchEvent {
  type: "match";
  trackId: number;
  entryId: string;
  /** Best score of this entry over the track so far, and the frame it came from. */
  best: BestFrame;
  matchedFrames: number;
  firstSeen: number;
}

/** A track expired. `best` is the final best frame of the entry that was emitted (or of the best unconfirmed one). */
export interface TrackEndedEvent {
  type: "track-ended";
  trackId: number;
  matchEmitted: boolean;
  entryId: string | null;
  best: BestFrame | null;
  frames: number;
  firstSeen: number;
  lastSeen: number;
}

export type TrackerEvent = TrackMatchEvent | TrackEndedEvent;

interface Vote {
  count: number;
  best: BestFrame;
}

interface FusedFrame {
  embedding: Float32Array;
  weight: number;
  ref: FrameRef;
  box: Box;
}

interface Track {
  id: number;
  box: Box;
  /** Velocity of the box centre, px per ms (from the last two observations). */
  vx: number;
  vy: number;
  embedding: Float32Array | null;
  embeddingCount: number;
  /** Timestamp of the last embedded observation (-Infinity before the first). */
  lastEmbedded: number;
  /** The best FUSE_TOP_K embedded frames by quality weight (fused decisions). */
  best: FusedFrame[];
  /** Latest fused decision: entry and score. */
  fused: { id: string; score: number } | null;
  firstSeen: number;
  lastSeen: number;
  frames: number;
  votes: Map<string, Vote>;
  emittedEntry: string | null;
}

/** `embeddingWanted`: a frame must beat the weakest of the fused set by this factor to be embedded. */
const EMBED_AGAIN_MARGIN = 1.1;
/**
 * The same test on a small detector input's quality, which only decides whether to refine the
 * landmarks at full precision (the full-precision quality is then tested against EMBED_AGAIN_MARGIN).
 * The small input's detector scores run high, so at 1.1 most refined frames were then not embedded.
 */
export const COARSE_EMBED_AGAIN_MARGIN = 1.25;

const centre = (b: Box) => [b.x + b.width / 2, b.y + b.height / 2] as const;

/**
 * Links face detections across frames and turns them into ONE match event per track.
 *
 * Association is time-based: each track predicts where its face is now from its velocity and
 * the time since it was last seen, then links a detection by IoU with that prediction, by
 * reachable distance (within `maxSpeedWidthsPerSecond` face widths per second) with a similar
 * enough embedding, or by a very similar embedding alone (re-identification after a jump or an
 * occlusion); a clearly different embedding never links (two people crossing). Greedy
 * best-first assignment.
 *
 * Decisions: with a `FusedMatcher` (the worker passes one), a track's decision is made on its
 * fused embedding (quality-weighted mean of its best FUSE_TOP_K frames,
 * lib/recognition/fuse-track.ts): the match event is emitted once the fused embedding matches an
 * entry and the track has `confirmFrames` embedded observations. Without one, per-frame matches
 * vote and an entry needs `confirmFrames` of them. Either way the event carries the best frame so
 * far; `track-ended` carries the final best frame.
 */
export class FaceTracker {
  private tracks: Track[] = [];
  private nextId = 1;
  readonly options: TrackerOptions;
  private fusedMatcher: FusedMatcher | null;

  constructor(options: Partial<TrackerOptions> = {}, fusedMatcher: FusedMatcher | null = null) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
    this.fusedMatcher = fusedMatcher;
  }

  /** Sets (or clears) the matcher used for per-track fused decisions. */
  setFusedMatcher(m: FusedMatcher | null): void {
    this.fusedMatcher = m;
  }

  get activeTracks(): number {
    return this.tracks.length;
  }

  /** Feeds one frame; returns the track id of each observation (same order) and any events. */
  update(frame: FrameRef, observations: readonly TrackObservation[]): { trackIds: number[]; events: TrackerEvent[] } {
    const o = this.options;
    const events: TrackerEvent[] = this.expire(frame.timestamp);

    // Candidate links, best affinity first.
    const pairs: { t: number; d: number; affinity: number }[] = [];
    this.tracks.forEach((track, t) => {
      const dt = Math.max(0, frame.timestamp - track.lastSeen);
      const predicted: Box = { ...track.box, x: track.box.x + track.vx * dt, y: track.box.y + track.vy * dt };
      const [pcx, pcy] = centre(predicted);
      observations.forEach((obs, d) => {
        const overlap = Math.max(iou(track.box, obs.box), iou(predicted, obs.box));
        const sim = track.embedding && obs.embedding ? cosine(track.embedding, obs.embedding) : null;
        if (sim !== null && sim < o.vetoSimilarity) return;
        const [cx, cy] = centre(obs.box);
        const width = Math.max(track.box.width, obs.box.width);
        const reach = width * (0.5 + (o.maxSpeedWidthsPerSecond * dt) / 1000);
        const near = Math.hypot(cx - pcx, cy - pcy) <= reach;
        const sizeOk = obs.box.width <= 2 * track.box.width && track.box.width <= 2 * obs.box.width;
        const byMotion = near && sizeOk && (sim === null ? dt <= 250 : sim >= o.motionSimilarity);
        const linked = overlap >= o.iouThreshold || byMotion || (sim !== null && sim >= o.reidSimilarity);
        if (linked) pairs.push({ t, d, affinity: overlap + (sim ?? 0) + (near ? 0.25 : 0) });
      });
    });
    pairs.sort((a, b) => b.affinity - a.affinity);

    const trackIds = new Array<number>(observations.length).fill(0);
    const usedTracks = new Set<number>();
    for (const p of pairs) {
      if (usedTracks.has(p.t) || trackIds[p.d] !== 0) continue;
      usedTracks.add(p.t);
      trackIds[p.d] = this.tracks[p.t].id;
      this.observe(this.tracks[p.t], observations[p.d], frame, events);
    }
    observations.forEach((obs, d) => {
      if (trackIds[d] !== 0) return;
      const track: Track = {
        id: this.nextId++,
        box: obs.box,
        vx: 0,
        vy: 0,
        embedding: null,
        embeddingCount: 0,
        lastEmbedded: -Infinity,
        best: [],
        fused: null,
        firstSeen: frame.timestamp,
        lastSeen: frame.timestamp,
        frames: 0,
        votes: new Map(),
        emittedEntry: null,
      };
      this.tracks.push(track);
      trackIds[d] = track.id;
      this.observe(track, obs, frame, events);
    });
    return { trackIds, events };
  }

  /**
   * Which faces of the frame at `timestamp` need an embedding, before they are embedded. A face
   * that overlaps exactly one track (and no other track is within reach) is skipped when that track
   * is confirmed, was embedded less than `reembedMs` ago and this face's quality would not enter
   * its fused set; `update` then links it by position. Everything else is embedded: new or
   * ambiguous faces, tracks not yet confirmed, better frames, and per-frame voting (no fused matcher).
   */
  embeddingWanted(timestamp: number, faces: readonly { box: Box; quality?: FrameQuality }[], opts: { coarse?: boolean } = {}): boolean[] {
    const margin = opts.coarse ? COARSE_EMBED_AGAIN_MARGIN : EMBED_AGAIN_MARGIN;
    const o = this.options;
    if (!this.fusedMatcher) return faces.map(() => true);
    const links = faces.map((face) =>
      this.tracks.map((track) => ({ track, ...this.positionLink(track, face.box, timestamp) })).filter((l) => l.overlap >= o.iouThreshold || l.near),
    );
    const claims = new Map<Track, number>();
    for (const l of links) for (const { track } of l) claims.set(track, (claims.get(track) ?? 0) + 1);
    return faces.map((face, i) => {
      if (links[i].length !== 1) return true;
      const { track, overlap } = links[i][0];
      if (overlap < o.iouThreshold || claims.get(track) !== 1) return true;
      if (track.embeddingCount < o.confirmFrames || timestamp - track.lastEmbedded >= o.reembedMs) return true;
      if (track.best.length < FUSE_TOP_K) return true;
      const weight = face.quality ? frameQualityWeight(face.quality) : 0.5;
      return weight > margin * Math.min(...track.best.map((b) => b.weight));
    });
  }

  /** The latest fused decision of a live track (for labels on frames whose face was not embedded). */
  currentMatch(trackId: number): { id: string; score: number } | null {
    return this.tracks.find((t) => t.id === trackId)?.fused ?? null;
  }

  private positionLink(track: Track, box: Box, timestamp: number): { overlap: number; near: boolean } {
    const dt = Math.max(0, timestamp - track.lastSeen);
    const predicted: Box = { ...track.box, x: track.box.x + track.vx * dt, y: track.box.y + track.vy * dt };
    const [pcx, pcy] = centre(predicted);
    const [cx, cy] = centre(box);
    const reach = Math.max(track.box.width, box.width) * (0.5 + (this.options.maxSpeedWidthsPerSecond * dt) / 1000);
    return { overlap: Math.max(iou(track.box, box), iou(predicted, box)), near: Math.hypot(cx - pcx, cy - pcy) <= reach };
  }

  /** Ends every track (e.g. when the camera stops); returns their events. */
  flush(): TrackerEvent[] {
    const events: TrackerEvent[] = [];
    for (const t of this.tracks) this.end(t, events);
    this.tracks = [];
    return events;
  }

  private observe(track: Track, obs: TrackObservation, frame: FrameRef, events: TrackerEvent[]): void {
    if (track.frames > 0) {
      const dt = frame.timestamp - track.lastSeen;
      if (dt > 0) {
        const [x0, y0] = centre(track.box);
        const [x1, y1] = centre(obs.box);
        // Smoothed velocity; a long gap weighs the new estimate less.
        const a = track.frames === 1 ? 1 : 0.5;
        track.vx = (1 - a) * track.vx + (a * (x1 - x0)) / dt;
        track.vy = (1 - a) * track.vy + (a * (y1 - y0)) / dt;
      }
    }
    track.box = obs.box;
    track.lastSeen = frame.timestamp;
    track.frames++;
    if (obs.embedding) {
      // Running mean of the unit embeddings: a steadier identity signature than the last frame.
      if (!track.embedding) track.embedding = new Float32Array(obs.embedding);
      else {
        const n = track.embeddingCount;
        for (let k = 0; k < track.embedding.length; k++) track.embedding[k] = (track.embedding[k] * n + obs.embedding[k]) / (n + 1);
      }
      track.embeddingCount++;
      track.lastEmbedded = frame.timestamp;
      if (this.fusedMatcher) {
        this.decideFused(track, obs, frame, events);
        return;
      }
    }
    if (this.fusedMatcher) return;
    if (!obs.match) return;
    const best: BestFrame = { frameId: frame.frameId, timestamp: frame.timestamp, box: obs.box, score: obs.match.score };
    const vote = track.votes.get(obs.match.id);
    if (!vote) track.votes.set(obs.match.id, { count: 1, best });
    else {
      vote.count++;
      if (obs.match.score > vote.best.score) vote.best = best;
    }
    const v = track.votes.get(obs.match.id)!;
    if (track.emittedEntry === null && v.count >= this.options.confirmFrames) {
      track.emittedEntry = obs.match.id;
      events.push({ type: "match", trackId: track.id, entryId: obs.match.id, best: { ...v.best }, matchedFrames: v.count, firstSeen: track.firstSeen });
    }
  }

  /** Keeps the best frames, fuses them and asks the matcher: one decision per track. */
  private decideFused(track: Track, obs: TrackObservation, frame: FrameRef, events: TrackerEvent[]): void {
    const weight = obs.quality ? frameQualityWeight(obs.quality) : 0.5;
    track.best.push({ embedding: obs.embedding!, weight, ref: { frameId: frame.frameId, timestamp: frame.timestamp }, box: obs.box });
    if (track.best.length > FUSE_TOP_K) {
      track.best.sort((a, b) => b.weight - a.weight);
      track.best.length = FUSE_TOP_K;
    }
    const fused = fuseEmbeddings(track.best.map((f) => ({ embedding: f.embedding, weight: f.weight })));
    const m = fused ? this.fusedMatcher!(fused) : null;
    track.fused = m;
    if (!m) return;
    // Best frame: the highest-weight frame so far, carrying the fused score.
    const top = track.best.reduce((a, b) => (b.weight > a.weight ? b : a));
    const best: BestFrame = { ...top.ref, box: top.box, score: m.score };
    const vote = track.votes.get(m.id);
    if (!vote) track.votes.set(m.id, { count: 1, best });
    else {
      vote.count++;
      if (m.score >= vote.best.score) vote.best = best;
    }
    const v = track.votes.get(m.id)!;
    if (track.emittedEntry === null && track.embeddingCount >= this.options.confirmFrames) {
      track.emittedEntry = m.id;
      events.push({ type: "match", trackId: track.id, entryId: m.id, best: { ...v.best }, matchedFrames: track.embeddingCount, firstSeen: track.firstSeen });
    }
  }

  private bestVote(track: Track): [string, Vote] | null {
    let best: [string, Vote] | null = null;
    for (const entry of track.votes) if (!best || entry[1].best.score > best[1].best.score) best = entry;
    return best;
  }

  private end(track: Track, events: TrackerEvent[]): void {
    let entryId = track.emittedEntry;
    let vote = entryId ? track.votes.get(entryId)! : null;
    if (!entryId) {
      const bv = this.bestVote(track);
      if (bv) {
        [entryId, vote] = bv;
        if (this.options.emitUnconfirmedOnEnd) {
          track.emittedEntry = entryId;
          events.push({ type: "match", trackId: track.id, entryId, best: { ...vote.best }, matchedFrames: vote.count, firstSeen: track.firstSeen });
        }
      }
    }
    events.push({
      type: "track-ended",
      trackId: track.id,
      matchEmitted: track.emittedEntry !== null,
      entryId,
      best: vote ? { ...vote.best } : null,
      frames: track.frames,
      firstSeen: track.firstSeen,
      lastSeen: track.lastSeen,
    });
  }

  private expire(now: number): TrackerEvent[] {
    const events: TrackerEvent[] = [];
    this.tracks = this.tracks.filter((t) => {
      if (now - t.lastSeen <= this.options.maxGapMs) return true;
      this.end(t, events);
      return false;
    });
    return events;
  }
}
