import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { isSameOrigin } from "./same-origin";

const req = (headers: Record<string, string>) => new Request("http://localhost:3000/api/x", { method: "POST", headers });

describe("same-origin check", () => {
  afterEach(() => {
    delete process.env.VIGIL_ORIGIN;
    delete process.env.VIGIL_TRUSTED_PROXY;
    resetEnvCache();
  });
  it("refuses a foreign Origin that brings its own X-Forwarded-Host (no trusted proxy)", () => {
    expect(isSameOrigin(req({ origin: "https://evil.example", host: "localhost:3000", "x-forwarded-host": "evil.example" }))).toBe(false);
  });
  it("behind a trusted proxy (VIGIL_TRUSTED_PROXY=1) accepts the public host the proxy forwards, and only that", () => {
    process.env.VIGIL_TRUSTED_PROXY = "1";
    resetEnvCache();
    expect(isSameOrigin(req({ origin: "https://vigil.example", host: "10.0.0.5:3000", "x-forwarded-host": "vigil.example" }))).toBe(true);
    expect(isSameOrigin(req({ origin: "https://evil.example", host: "10.0.0.5:3000", "x-forwarded-host": "vigil.example" }))).toBe(false);
  });
  it("accepts the request's own origin", () => {
    expect(isSameOrigin(req({ origin: "http://localhost:3000", host: "localhost:3000" }))).toBe(true);
  });
  it("refuses a missing, null or foreign Origin", () => {
    expect(isSameOrigin(req({ host: "localhost:3000" }))).toBe(false);
    expect(isSameOrigin(req({ origin: "null", host: "localhost:3000" }))).toBe(false);
    expect(isSameOrigin(req({ origin: "https://evil.example", host: "localhost:3000" }))).toBe(false);
    expect(isSameOrigin(req({ origin: "http://localhost:3001", host: "localhost:3000" }))).toBe(false);
  });
  it("accepts a configured public origin behind a proxy", () => {
    process.env.VIGIL_ORIGIN = "https://vigil.example.police.uk, https://vigil-backup.example.police.uk";
    resetEnvCache();
    expect(isSameOrigin(req({ origin: "https://vigil.example.police.uk", host: "10.0.0.5:3000" }))).toBe(true);
    expect(isSameOrigin(req({ origin: "https://vigil-backup.example.police.uk", host: "10.0.0.5:3000" }))).toBe(true);
    expect(isSameOrigin(req({ origin: "https://evil.example", host: "10.0.0.5:3000" }))).toBe(false);
  });
});
