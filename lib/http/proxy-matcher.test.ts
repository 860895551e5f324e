import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

// The matcher is a path-to-regexp pattern whose only special part is one regex group.
const matches = (path: string) => config.matcher.some((m) => new RegExp(`^${m}$`).test(path));

describe("proxy matcher", () => {
  it("keeps the crime CSV upload out of the proxy (whose body limit truncated uploads at 10 MB)", () => {
    expect(matches("/api/intel/imports")).toBe(false);
  });

  it("still runs for pages and every other API route", () => {
    for (const p of [
      "/",
      "/signin",
      "/plan/intel",
      "/api/alerts",
      "/api/intel/grid",
      "/api/intel/imports/00000000-0000-4000-8000-000000000000",
      "/api/admin/users",
    ])
      expect(matches(p)).toBe(true);
    for (const p of ["/_next/static/x.js", "/models/a.onnx"]) expect(matches(p)).toBe(false);
  });
});
