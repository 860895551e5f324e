import { describe, expect, it } from "vitest";
import { clientIp, requestHost } from "./forwarded";

const h = (o: Record<string, string>) => new Headers(o);

describe("X-Forwarded-* only behind a trusted proxy", () => {
  it("ignores X-Forwarded-Host and X-Forwarded-For when no proxy is trusted", () => {
    const headers = h({ host: "vigil.local:3000", "x-forwarded-host": "evil.example", "x-forwarded-for": "6.6.6.6" });
    expect(requestHost(headers, 0)).toBe("vigil.local:3000");
    expect(clientIp(headers, 0)).toBeNull();
  });
  it("believes the nearest proxy's values when one is trusted", () => {
    const headers = h({ host: "10.0.0.5:3000", "x-forwarded-host": "spoofed.example, vigil.example.police.uk", "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
    expect(requestHost(headers, 1)).toBe("vigil.example.police.uk");
    expect(clientIp(headers, 1)).toBe("203.0.113.7");
  });
  it("with two trusted proxies takes the address the outer one saw, never the caller's own first entry", () => {
    const headers = h({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" });
    expect(clientIp(headers, 2)).toBe("203.0.113.7");
  });
  it("reads plain header objects (next-auth) the same way", () => {
    expect(clientIp({ "x-forwarded-for": "1.2.3.4" }, 0)).toBeNull();
    expect(clientIp({ "x-forwarded-for": "1.2.3.4" }, 1)).toBe("1.2.3.4");
    expect(requestHost({ host: "a:1", "x-forwarded-host": "b" }, 0)).toBe("a:1");
  });
});
