import { describe, expect, it } from "vitest";
import { parseFaceMessage } from "./face-channel";

describe("face-box channel messages", () => {
  it("reads face boxes, keeping labels only as short strings", () => {
    const msg = parseFaceMessage(
      JSON.stringify({
        type: "faces",
        w: 640,
        h: 360,
        faces: [
          { x: 1, y: 2, width: 30, height: 40, label: null },
          { x: 5, y: 6, width: 7, height: 8, label: "WL-0001" },
        ],
      }),
    );
    expect(msg).toEqual({
      type: "faces",
      w: 640,
      h: 360,
      faces: [
        { x: 1, y: 2, width: 30, height: 40, label: null },
        { x: 5, y: 6, width: 7, height: 8, label: "WL-0001" },
      ],
    });
    expect(parseFaceMessage(JSON.stringify({ type: "takeover" }))).toEqual({ type: "takeover" });
  });

  it("ignores anything malformed rather than trusting it", () => {
    expect(parseFaceMessage("not json")).toBeNull();
    expect(parseFaceMessage(JSON.stringify({ type: "faces", w: 0, h: 360, faces: [] }))).toBeNull();
    expect(parseFaceMessage(JSON.stringify({ type: "faces", w: 640, h: 360, faces: [{ x: "1", y: 2, width: 3, height: 4 }] }))).toBeNull();
    expect(parseFaceMessage(JSON.stringify({ type: "other" }))).toBeNull();
    expect(parseFaceMessage(new ArrayBuffer(4))).toBeNull();
    expect(parseFaceMessage("x".repeat(30_000))).toBeNull();
  });
});
