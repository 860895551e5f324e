import { describe, expect, it } from "vitest";
import { buildCsp } from "./csp";

describe("content security policy", () => {
  it("allows WASM but never eval or inline scripts, and forbids framing", () => {
    const csp = buildCsp("abc");
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("'nonce-abc'");
  });

  it("adds the configured tile server's origin to img-src only", () => {
    const csp = buildCsp("n", { tileUrl: "https://tiles.example.org/{z}/{x}/{y}.png" });
    expect(csp).toMatch(/img-src [^;]*https:\/\/tiles\.example\.org/);
    expect(csp).not.toMatch(/script-src [^;]*tiles\.example\.org/);
  });
});
