import { describe, expect, it } from "vitest";
import { iceServers } from "./rtc";

describe("ICE servers from configuration", () => {
  it("reads a JSON list of STUN/TURN servers, and falls back to none (host candidates) otherwise", () => {
    expect(iceServers('[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:t.example.org"],"username":"u","credential":"c"}]')).toEqual([
      { urls: "stun:stun.example.org:3478" },
      { urls: ["turn:t.example.org"], username: "u", credential: "c" },
    ]);
    expect(iceServers(undefined)).toEqual([]);
    expect(iceServers("not json")).toEqual([]);
    expect(iceServers('{"urls":"stun:x"}')).toEqual([]);
    expect(iceServers('[1, {"nope":true}]')).toEqual([]);
  });
});
