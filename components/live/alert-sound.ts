/**
 * The alert tone, and whether the browser lets it play. Browsers start an AudioContext "suspended"
 * until the page has had a user gesture (autoplay rules); a tone played then is silent. This module
 * says so ("blocked"), resumes the context on the first click or key press anywhere on the page, and
 * tells its subscribers (the console shows a visible "Sound blocked: click to enable" state).
 */
export type SoundState = "on" | "blocked" | "muted";

interface AudioLike {
  state: string;
  currentTime: number;
  destination: unknown;
  resume(): Promise<void>;
  createOscillator(): { frequency: { value: number }; connect(n: unknown): { connect(n: unknown): unknown }; start(): void; stop(t: number): void };
  createGain(): { gain: { value: number } };
}

export interface AlertSoundDeps {
  createContext: () => AudioLike;
  /** Where first-interaction listeners go (the window in a browser). */
  target: Pick<EventTarget, "addEventListener" | "removeEventListener">;
}

export interface AlertSound {
  state(): SoundState;
  subscribe(listener: () => void): () => void;
  setMuted(muted: boolean): void;
  /** Plays the tone when allowed; returns whether it played. */
  play(): Promise<boolean>;
  /** Tries to unlock now (call from a click handler). */
  unlock(): Promise<void>;
  dispose(): void;
}

const GESTURES = ["pointerdown", "keydown", "touchstart"] as const;

export function createAlertSound(deps: AlertSoundDeps): AlertSound {
  let ctx: AudioLike | null = null;
  let muted = false;
  let blocked = false;
  let disposed = false;
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());

  const context = (): AudioLike | null => {
    if (ctx) return ctx;
    try {
      ctx = deps.createContext();
    } catch {
      ctx = null;
    }
    return ctx;
  };
  const setBlocked = (b: boolean) => {
    if (b !== blocked) {
      blocked = b;
      emit();
    }
  };
  const unlock = async () => {
    const c = context();
    if (!c) return;
    if (c.state !== "running") await c.resume().catch(() => undefined);
    setBlocked(c.state !== "running");
    if (c.state === "running") detach();
  };
  const onGesture = () => void unlock();
  const attach = () => GESTURES.forEach((g) => deps.target.addEventListener(g, onGesture, { capture: true } as AddEventListenerOptions));
  const detach = () => GESTURES.forEach((g) => deps.target.removeEventListener(g, onGesture, { capture: true } as EventListenerOptions));

  // Know from the start whether sound is blocked, so the operator can fix it before the first alert.
  const initial = context();
  if (initial && initial.state !== "running") {
    blocked = true;
    attach();
  }

  return {
    state: () => (muted ? "muted" : blocked ? "blocked" : "on"),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setMuted(m) {
      muted = m;
      emit();
    },
    async play() {
      if (muted || disposed) return false;
      const c = context();
      if (!c) return false;
      if (c.state !== "running") await c.resume().catch(() => undefined);
      if (c.state !== "running") {
        setBlocked(true);
        attach();
        return false;
      }
      setBlocked(false);
      const osc = c.createOscillator();
      const gain = c.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.08;
      osc.connect(gain).connect(c.destination);
      osc.start();
      osc.stop(c.currentTime + 0.25);
      return true;
    },
    unlock,
    dispose() {
      disposed = true;
      detach();
      listeners.clear();
    },
  };
}
