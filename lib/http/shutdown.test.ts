import { describe, expect, it } from "vitest";
import { closeOpenStreams, isShuttingDown, openStreamCount, registerOpenStream } from "./shutdown";

describe("graceful shutdown registry", () => {
  it("closes every open stream once, forgets released ones, and closes late ones at once", async () => {
    const closed: string[] = [];
    const releaseA = registerOpenStream(() => closed.push("a"));
    registerOpenStream(() => closed.push("b"));
    registerOpenStream(() => {
      throw new Error("client already gone");
    });
    releaseA();
    expect(openStreamCount()).toBe(2);
    expect(isShuttingDown()).toBe(false);
    expect(closeOpenStreams()).toBe(2);
    expect(closed).toEqual(["b"]);
    expect(openStreamCount()).toBe(0);
    expect(isShuttingDown()).toBe(true);
    registerOpenStream(() => closed.push("late"));
    await Promise.resolve();
    expect(closed).toEqual(["b", "late"]);
  });
});
