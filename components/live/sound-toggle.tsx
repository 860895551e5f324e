"use client";
import type { AlertSound, SoundState } from "./alert-sound";

/** Sound on / off, and a visible "blocked" state while the browser keeps audio suspended. */
export function SoundToggle({ sound, state }: { sound: AlertSound; state: SoundState }) {
  if (state === "blocked")
    return (
      <button type="button" className="warn-button" data-testid="sound-state" data-state="blocked" onClick={() => void sound.unlock()}>
        Sound blocked by the browser: click to enable
      </button>
    );
  return (
    <button
      type="button"
      className="secondary"
      aria-pressed={state === "on"}
      data-testid="sound-state"
      data-state={state}
      onClick={() => sound.setMuted(state === "on")}
    >
      {state === "on" ? "Sound on" : "Sound off"}
    </button>
  );
}
