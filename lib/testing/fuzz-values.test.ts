import { describe, expect, it } from "vitest";
import { LEAK_PATTERNS } from "./fuzz-values";

const leaks = (text: string) => LEAK_PATTERNS.some((p) => p.test(text));

describe("LEAK_PATTERNS (what no fuzzed response may contain)", () => {
  it("catch driver and database messages", () => {
    expect(leaks('error: invalid byte sequence for encoding "UTF8": 0x00')).toBe(true);
    expect(leaks("code 22021 from the server")).toBe(true);
    expect(leaks("SQLSTATE[23505]")).toBe(true);
    expect(leaks("connect ECONNREFUSED 127.0.0.1:5432")).toBe(true);
    expect(leaks("    at handler (/app/lib/x.ts:12:3)")).toBe(true);
  });

  it("do not flag a clear validation message carrying a random request id", () => {
    // The request id of a failed CI run: its hex digits contain 22021.
    const body =
      '{"error":{"message":"cameras.0.rangeM is not valid Unicode (it contains a lone surrogate)"},"requestId":"b6220217-7101-43b1-aa7d-4b9a537d1c73"}';
    expect(leaks(body)).toBe(false);
  });
});
