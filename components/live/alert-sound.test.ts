import { describe, expect, it } from "vitest";
import { createAlertSound } from "./alert-sound";

/** An AudioContext that stays suspended until `allowed` is set, as a browser does before a gesture. */
function fakeAudio() {
  const played: number[] = [];
  const env = { allowed: false, played };
  const ctx = {
    state: "suspended",
    currentTime: 0,
    destination: {},
    async resume() {
      if (env.allowed) ctx.state = "running";
    },
    createOscillator: () => ({
      frequency: { value: 0 },
      connect: () => ({ connect: () => undefined }),
      start: () => played.push(1),
      stop: () => undefined,
    }),
    createGain: () => ({ gain: { value: 0 } }),
  };
  return { env, ctx };
}

describe("the alert sound", () => {
  it("says it is blocked until the first interaction, then plays", async () => {
    const { env, ctx } = fakeAudio();
    const target = new EventTarget();
    const sound = createAlertSound({ createContext: () => ctx, target });
    const seen: string[] = [];
    sound.subscribe(() => seen.push(sound.state()));
    expect(sound.state()).toBe("blocked");
    expect(await sound.play()).toBe(false);
    expect(env.played).toHaveLength(0);

    env.allowed = true;
    target.dispatchEvent(new Event("pointerdown"));
    await new Promise((r) => setTimeout(r, 0));
    expect(sound.state()).toBe("on");
    expect(seen).toContain("on");
    expect(await sound.play()).toBe(true);
    expect(env.played).toHaveLength(1);
  });

  it("plays nothing while muted, and reports no device as not playing", async () => {
    const { env, ctx } = fakeAudio();
    env.allowed = true;
    const sound = createAlertSound({ createContext: () => ctx, target: new EventTarget() });
    sound.setMuted(true);
    expect(sound.state()).toBe("muted");
    expect(await sound.play()).toBe(false);
    sound.setMuted(false);
    expect(await sound.play()).toBe(true);
    const none = createAlertSound({
      createContext: () => {
        throw new Error("no audio device");
      },
      target: new EventTarget(),
    });
    expect(await none.play()).toBe(false);
  });
});
