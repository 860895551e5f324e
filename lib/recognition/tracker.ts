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
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  iouThreshold: 0.3,
  reidSimilarity: 0.6,
  vetoSimilarity: 0.25,
  maxGapMs: 1500,
  confirmFrames: 2,
  emitUnconfirmedOnEnd: false,
};

/** One face in one frame, as the tracker sees it. */
export interface TrackObservation {
  box: Box;
  /** Unit embedding, when the face passed the quality gates. */
  embedding?: Float32Array | null;
  /** Open-set match of this observation (already thresholded), or null. */
  match?: { id: string; score: number } | null;
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

interface Track {
  id: number;
  box: Box;
  embedding: Float32Array | null;
  embeddingCount: number;
  firstSeen: number;
  lastSeen: number;
  frames: number;
  votes: Map<string, Vote>;
  emittedEntry: string | null;
}

/**
 * Links face detections across frames (IoU of boxes + cosine similarity of embeddings, greedy
 * best-first assignment) and turns per-frame matches into ONE match event per track: when an
 * entry has been matched in `confirmFrames` observations of the track. The event carries the
 * best-scoring frame so far; the `track-ended` event carries the final best frame.
 */
export class FaceTracker {
  private tracks: Track[] = [];
  private nextId = 1;
  readonly options: TrackerOptions;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
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
      observations.forEach((obs, d) => {
        const overlap = iou(track.box, obs.box);
        const sim = track.embedding && obs.embedding ? cosine(track.embedding, obs.embedding) : null;
        if (sim !== null && sim < o.vetoSimilarity) return;
        const linked = overlap >= o.iouThreshold || (sim !== null && sim >= o.reidSimilarity);
        if (linked) pairs.push({ t, d, affinity: overlap + (sim ?? 0) });
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
        embedding: null,
        embeddingCount: 0,
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

  /** Ends every track (e.g. when the camera stops); returns their events. */
  flush(): TrackerEvent[] {
    const events: TrackerEvent[] = [];
    for (const t of this.tracks) this.end(t, events);
    this.tracks = [];
    return events;
  }

  private observe(track: Track, obs: TrackObservation, frame: FrameRef, events: TrackerEvent[]): void {
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
    }
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
