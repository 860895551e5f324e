import { describe, expect, it } from "vitest";
import { FramePolicy } from "./frame-policy";

const face = (size: number) => ({ x: 100, y: 100, width: size, height: size });

describe("FramePolicy", () => {
  it("detects at full size when nothing or a small face is in view", () => {
    const p = new FramePolicy();
    expect(p.nextDetectorSide()).toBe(640);
    p.observe(1280, 720, 640, []);
    expect(p.nextDetectorSide()).toBe(640);
    // 160 px in a 1280-wide frame is 40 px at 320: below the 48 px the small input needs.
    p.observe(1280, 720, 640, [face(400), face(160)]);
    expect(p.nextDetectorSide()).toBe(640);
  });

  it("drops to the small input while every face is large, with a full-size frame every fifth", () => {
    const p = new FramePolicy();
    const sides: number[] = [];
    for (let i = 0; i < 11; i++) {
      const side = p.nextDetectorSide();
      sides.push(side);
      p.observe(1280, 720, side, [face(200)]);
    }
    expect(sides).toEqual([640, 320, 320, 320, 320, 640, 320, 320, 320, 320, 640]);
  });

  it("goes back to full size at once when the large face leaves", () => {
    const p = new FramePolicy();
    p.observe(1280, 720, 640, [face(300)]);
    expect(p.nextDetectorSide()).toBe(320);
    p.observe(1280, 720, 320, []);
    expect(p.nextDetectorSide()).toBe(640);
  });

  it("refuses sides the detector cannot take", () => {
    expect(() => new FramePolicy({ smallSide: 300 })).toThrow(/multiples of 32/);
  });
});
